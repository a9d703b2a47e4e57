package ick.client.worker;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
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
    private static final File PROC = new File("/proc");
    /** Enough for a {@code /proc/PID/stat} up to its process group (comm is at most 64 bytes). */
    private static final int STAT_BYTES = 256;
    /** What {@link #stat} gives for a process that is gone. */
    private static final long GONE = -1;

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
        signalGroupIfLive("TERM");
        descendants.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && (process.isAlive() || !liveMembers().isEmpty()
                || descendants.stream().anyMatch(p -> isLive(p.pid())))) {
            Thread.sleep(POLL_MILLIS);
        }
        signalGroupIfLive("KILL");
        descendants.forEach(ProcessHandle::destroyForcibly); // ProcessHandle knows a reused pid from its start time
        process.destroyForcibly();
    }

    /**
     * Signals the group only while it has a live member. Once the process is reaped and its group empty, the
     * group's id is a free pid that any new process on the host may get, with a group of its own: a
     * {@code kill -- -ID} then would hit that stranger's group (seen as a test's fresh background {@code sleep}
     * killed before it ran, when pids wrapped every few minutes on a busy machine). A small window is left
     * between the check and the signal; an empty group also saves the exec of {@code kill}.
     */
    private void signalGroupIfLive(String signal) throws InterruptedException {
        if (process.isAlive() || !liveMembers().isEmpty()) {
            signalGroup(signal);
        }
    }

    /**
     * The processes still running in the group, e.g. background jobs a script left when it exited (their
     * parent gone, they are no longer the process's descendants). Read from {@code /proc}; empty elsewhere.
     * Every action pays for this scan of all the host's processes, so it reads each {@code stat} file as bytes
     * into one buffer, and a process that vanishes or cannot be read is skipped without ending the scan.
     */
    List<Long> liveMembers() {
        String[] names = PROC.list(); // the whole listing at once: no iterator to fail halfway
        if (names == null) {
            return List.of(); // no /proc: only the descendants are known
        }
        List<Long> members = new ArrayList<>();
        byte[] buffer = new byte[STAT_BYTES];
        for (String name : names) {
            if (name.isEmpty() || name.charAt(0) < '1' || name.charAt(0) > '9') {
                continue;
            }
            long groupAndState = stat(name, buffer);
            if (groupAndState != GONE && groupAndState >>> 8 == process.pid() && (groupAndState & 0xff) != 'Z') {
                try {
                    members.add(Long.parseLong(name));
                } catch (NumberFormatException e) {
                    // not a process directory
                }
            }
        }
        return members;
    }

    /** Whether a process exists and is not a zombie (an exited orphan that init has not reaped yet). */
    static boolean isLive(long pid) {
        long groupAndState = stat(Long.toString(pid), new byte[STAT_BYTES]);
        if (groupAndState == GONE) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        char state = (char) (groupAndState & 0xff);
        return state != 'Z' && state != 'X';
    }

    /**
     * The process group (shifted left 8 bits) and the state letter (the low 8 bits) from
     * {@code /proc/PID/stat}, or {@link #GONE} if the process is gone or the file cannot be read.
     */
    private static long stat(String pid, byte[] buffer) {
        int length;
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
            length = in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            return GONE;
        }
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so look for the last ')'
        int i = length - 1;
        while (i >= 0 && buffer[i] != ')') {
            i--;
        }
        if (i < 0 || i + 3 >= length) {
            return GONE;
        }
        byte state = buffer[i + 2];
        i += 4; // at ppid
        while (i < length && buffer[i] != ' ') {
            i++;
        }
        long group = 0;
        int digits = 0;
        for (i++; i < length && buffer[i] >= '0' && buffer[i] <= '9'; i++, digits++) {
            group = group * 10 + (buffer[i] - '0');
        }
        return digits == 0 ? GONE : group << 8 | state;
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
