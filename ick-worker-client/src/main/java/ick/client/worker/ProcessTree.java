package ick.client.worker;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    private static final long POLL_MILLIS = 50;
    private static final File PROC = new File("/proc");
    /** Enough for a {@code /proc/PID/stat} up to its process group (comm is at most 64 bytes). */
    private static final int STAT_BYTES = 256;
    /** What {@link #stat} gives for a process that is gone. */
    private static final long GONE = -1;
    /** The last pid handed out in this pid namespace; pids go up from there, to pid_max, then again from 300. */
    private static final String LAST_PID = "/proc/sys/kernel/ns_last_pid";
    private static final long PID_MAX = readNumber("/proc/sys/kernel/pid_max");
    private static final long FIRST_PID_AFTER_WRAP = 300;
    /**
     * The fastest a host is taken to hand out pids (every fork and every thread takes one). Until pid_max minus
     * 300 pids could have been handed out since the process started, no pid has been given twice since.
     */
    private static final long PIDS_PER_SECOND = 100_000;
    /** How long after a process started its group's members are sure to be among the pids handed out since. */
    private static final long NO_REUSE_NANOS = (PID_MAX - FIRST_PID_AFTER_WRAP) * 1_000_000_000L / PIDS_PER_SECOND;
    /** Above this many pids handed out since the process started, reading all of {@code /proc} is cheaper. */
    private static final long MOST_PROBED = 4096;

    private final Process process;
    private final long startedNanos;

    private ProcessTree(Process process, long startedNanos) {
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /**
     * The init of {@link #withOwnPids}: runs the command as its child and exits with its status. Signals from
     * outside reach a namespace's init only by SIGKILL, so the command, not init, gets the stop's SIGTERM. In the
     * foreground, not {@code "$@" & wait}: a shell without job control starts a background command with SIGINT
     * and SIGQUIT ignored, and every process of the action would inherit that. The {@code exit} after it keeps
     * the shell from exec'ing the command in its own place, as init.
     */
    private static final String PID_INIT = "\"$@\"; exit $?";
    private static final Object PROBE_LOCK = new Object();
    private static Boolean pidNamespaces;

    /**
     * {@code command} in a PID namespace of its own ({@code unshare --pid --fork --mount-proc}) when the worker
     * can make one (as root), else as is. A process that leaves the session ({@code setsid cmd &}, a double
     * fork) stays in the namespace, and the kernel kills everything in it when its init ends, i.e. when the
     * command exits or is stopped: nothing the action started outlives it. Inside, {@code /proc} is the
     * namespace's (the host's processes are out of sight) in a private mount namespace (mounts made inside
     * stay inside).
     */
    static List<String> withOwnPids(List<String> command) {
        if (!canMakePidNamespaces()) {
            return command;
        }
        return Stream.concat(Stream.of("unshare", "--pid", "--fork", "--kill-child", "--mount-proc",
                "sh", "-c", PID_INIT, "ick-init"), command.stream()).toList();
    }

    /** Whether {@code unshare} makes a PID namespace here: tried once (root, and not forbidden by a container). */
    static boolean canMakePidNamespaces() {
        synchronized (PROBE_LOCK) {
            if (pidNamespaces == null) {
                pidNamespaces = Sandbox.runsAsRoot() && probe();
                LOG.info(() -> pidNamespaces ? "actions on the host run in PID namespaces of their own"
                        : "no PID namespaces (not root, or unshare cannot make one): an action's processes that"
                        + " leave its process group are not ended with it");
            }
            return pidNamespaces;
        }
    }

    private static boolean probe() {
        try {
            Process unshare = new ProcessBuilder("unshare", "--pid", "--fork", "--kill-child", "--mount-proc", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!unshare.waitFor(10, TimeUnit.SECONDS)) {
                unshare.destroyForcibly();
                return false;
            }
            return unshare.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code builder}'s command under {@code setsid}. */
    static ProcessTree start(ProcessBuilder builder) throws IOException {
        List<String> command = Stream.concat(Stream.of("setsid"), builder.command().stream()).toList();
        long started = System.nanoTime();
        return new ProcessTree(builder.command(command).start(), started);
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
        while (System.nanoTime() < deadline && (process.isAlive() || hasLiveMember()
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
        if (process.isAlive() || hasLiveMember()) {
            signalGroup(signal);
        }
    }

    /**
     * Whether a process still runs in the group, e.g. a background job the script left when it exited (its parent
     * gone, it is no longer the process's descendant). Read from {@code /proc}; false where there is none. Every
     * action asks this when it ends, so a short one looks only at the pids handed out since it started (every
     * member of its group is one of those: the group's session began with it), and a longer one, whose pids may
     * have gone round, reads every process's {@code stat}.
     */
    boolean hasLiveMember() {
        Boolean found = liveMemberAmongNewPids();
        return found != null ? found : liveMemberInProc();
    }

    /** Whether a pid handed out since the process started is a live member; null when that is not known. */
    Boolean liveMemberAmongNewPids() {
        long group = process.pid();
        long handedOut = pidsFrom(group, readNumber(LAST_PID), PID_MAX);
        if (handedOut < 1 || handedOut > MOST_PROBED || System.nanoTime() - startedNanos >= NO_REUSE_NANOS) {
            return null;
        }
        byte[] buffer = new byte[STAT_BYTES];
        for (long pid = group, n = 0; n < handedOut; n++, pid = pid + 1 >= PID_MAX ? FIRST_PID_AFTER_WRAP : pid + 1) {
            String name = Long.toString(pid);
            // most of them are gone: a stat() is cheaper than the exception of a failed open
            if (new File(PROC, name).exists() && isMember(name, group, buffer)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any process in {@code /proc} is a live member; false without {@code /proc}. */
    boolean liveMemberInProc() {
        String[] names = PROC.list(); // the whole listing at once: no iterator to fail halfway
        if (names == null) {
            return false; // no /proc: only the descendants are known
        }
        byte[] buffer = new byte[STAT_BYTES];
        for (String name : names) {
            if (!name.isEmpty() && name.charAt(0) >= '1' && name.charAt(0) <= '9'
                    && isMember(name, process.pid(), buffer)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many pids were handed out from {@code first} to {@code last}, both included, going round at
     * {@code pidMax}; 0 when one of them is not known (a value below 1).
     */
    static long pidsFrom(long first, long last, long pidMax) {
        if (first < 1 || last < 1 || pidMax <= FIRST_PID_AFTER_WRAP || first >= pidMax || last >= pidMax) {
            return 0;
        }
        return last >= first ? last - first + 1 : pidMax - first + last - FIRST_PID_AFTER_WRAP + 1;
    }

    /** Whether {@code /proc/PID/stat} is that of a live process (or thread) of the group. */
    private static boolean isMember(String pid, long group, byte[] buffer) {
        long groupAndState = stat(pid, buffer);
        return groupAndState != GONE && groupAndState >>> 8 == group && (groupAndState & 0xff) != 'Z';
    }

    /** A number from a one-line {@code /proc} file, or -1. */
    private static long readNumber(String file) {
        try (FileInputStream in = new FileInputStream(file)) {
            return Long.parseLong(new String(in.readNBytes(32), StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
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
