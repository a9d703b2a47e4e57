package ick.client.worker;

import ick.protocol.ActionResult;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test help: an action's processes, found by a marker in their command lines. Whether a pid is a live process: a
 * zombie (dead, not yet reaped by init) counts as dead.
 */
final class Processes {
    private Processes() {
    }

    /**
     * The live processes whose command line holds {@code marker}, by their pids as the host sees them: a pid that
     * an action's script writes ({@code $$}, {@code $!}) is one of its PID namespace.
     */
    static List<Long> withArgument(String marker) {
        List<Long> found = new ArrayList<>();
        String[] names = new File("/proc").list();
        for (String name : names == null ? new String[0] : names) {
            if (name.matches("[1-9][0-9]*")) {
                try {
                    String line = Files.readString(Path.of("/proc", name, "cmdline"), StandardCharsets.ISO_8859_1);
                    if (line.contains(marker) && alive(Long.parseLong(name))) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return found;
    }

    static boolean alive(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat);
            char state = text.charAt(text.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** {@link #withArgument}, once there is one such process or 10 s have passed. */
    static List<Long> awaitWithArgument(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (withArgument(marker).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return withArgument(marker);
    }

    /** Kills what a test left running. */
    static void killWithArgument(String marker) {
        withArgument(marker).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** What {@link #stopOnceRunning} saw: the action's result, and the marked processes it stopped. */
    record Stopped(ActionResult result, List<Long> marked) {
    }

    /** Runs the action on a thread of its own and stops it once a process with the marker runs. */
    static Stopped stopOnceRunning(Action action, String marker) throws Exception {
        CompletableFuture<ActionResult> result = CompletableFuture.supplyAsync(() -> {
            try {
                return action.run(text -> { });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        List<Long> marked = awaitWithArgument(marker);
        action.stop();
        return new Stopped(result.get(10, TimeUnit.SECONDS), marked);
    }
}
