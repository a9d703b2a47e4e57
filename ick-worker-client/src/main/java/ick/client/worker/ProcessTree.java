package ick.client.worker;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A process started in a session (and process group) of its own with {@code setsid}, so that it and
 * everything it starts can be ended together, even the processes that its own exit orphaned.
 * {@code setsid} execs the command in place (the JVM's child is not a group leader), so the process's pid
 * is its process group id.
 */
final class ProcessTree {
    private static final Logger LOG = Logger.getLogger(ProcessTree.class.getName());

    private static final long POLL_MILLIS = 50;

    private final Process process;

    private ProcessTree(Process process) {
        this.process = process;
    }

    /** Starts {@code builder}'s command under {@code setsid}. */
    static ProcessTree start(ProcessBuilder builder) throws IOException {
        List<String> command = Stream.concat(Stream.of("setsid"), builder.command().stream()).toList();
        return new ProcessTree(builder.command(command).start());
    }

    Process process() {
        return process;
    }

    /**
     * Ends the whole tree: SIGTERM to the process group and to every descendant (some may have left the
     * group), then, for whatever still lives after {@code grace}, SIGKILL.
     */
    void terminate(Duration grace) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        signalGroup("TERM");
        descendants.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && (process.isAlive() || !liveMembers().isEmpty()
                || descendants.stream().anyMatch(p -> isLive(p.pid())))) {
            Thread.sleep(POLL_MILLIS);
        }
        signalGroup("KILL");
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * The processes still running in the group, e.g. background jobs a script left when it exited (their
     * parent gone, they are no longer the process's descendants). Read from {@code /proc}; empty elsewhere.
     */
    List<Long> liveMembers() {
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                long[] groupAndState = stat(dir);
                if (groupAndState != null && groupAndState[0] == process.pid() && groupAndState[1] != 'Z') {
                    members.add(Long.parseLong(dir.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: only the descendants are known
        }
        return members;
    }

    /** Whether a process exists and is not a zombie (an exited orphan that init has not reaped yet). */
    static boolean isLive(long pid) {
        long[] groupAndState = stat(Path.of("/proc", Long.toString(pid)));
        return groupAndState == null ? ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                : groupAndState[1] != 'Z' && groupAndState[1] != 'X';
    }

    /** {process group, state} from /proc/PID/stat, or null if the process is gone. */
    private static long[] stat(Path procDir) {
        try {
            String text = Files.readString(procDir.resolve("stat"));
            // after "pid (comm) ": state ppid pgrp ...; comm may hold spaces and parentheses
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return new long[]{Long.parseLong(fields[2]), fields[0].charAt(0)};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Sends a signal to every process still in the group; a group already empty is fine. */
    void signalGroup(String signal) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warning(() -> "cannot run kill -" + signal + " for process group " + process.pid() + ": " + e);
        }
    }
}
