package ick.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The host's pid of a process an action started, from the pid the action wrote ({@code $$}, {@code $BASHPID}). On a
 * worker running as root, host and chroot actions run in a pid namespace of their own, where pids start at 1;
 * the host's {@code /proc/PID/status} gives both ({@code NSpid: HOST ... INNER}).
 */
public final class ActionPids {
    private ActionPids() {
    }

    /**
     * The one running process whose innermost pid is {@code written} and whose working directory is under
     * {@code dir} (the workers' workspaces): pids inside namespaces repeat from one action to the next.
     */
    public static long hostPid(long written, Path dir) {
        Path under;
        try {
            under = dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            List<Long> found = procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> innermostPid(p) == written && cwdUnder(p, under))
                    .map(p -> Long.parseLong(p.getFileName().toString())).toList();
            if (found.size() != 1) {
                throw new AssertionError("processes with pid " + written + " (as the action saw it) under " + dir
                        + ": " + found);
            }
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long innermostPid(Path proc) {
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("NSpid:")) {
                    String[] pids = line.substring("NSpid:".length()).trim().split("\\s+");
                    return Long.parseLong(pids[pids.length - 1]);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // ended meanwhile
        }
        return -1;
    }

    private static boolean cwdUnder(Path proc, Path dir) {
        try {
            return Files.readSymbolicLink(proc.resolve("cwd")).startsWith(dir);
        } catch (IOException gone) {
            return false;
        }
    }
}
