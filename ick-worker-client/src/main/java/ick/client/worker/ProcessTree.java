package ick.client.worker;

import java.io.IOException;
import java.time.Duration;
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
        process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS);
        for (ProcessHandle p : descendants) {
            long left = deadline - System.nanoTime();
            if (left > 0 && p.isAlive()) {
                try {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    break; // killed below
                }
            }
        }
        signalGroup("KILL");
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
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
