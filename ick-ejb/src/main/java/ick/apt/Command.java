package ick.apt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one of the Debian tools the repository is kept with (reprepro, gpg, gpgv, dpkg) as a process: its
 * output (stdout and stderr together) goes to a temporary file, so that a chatty tool never blocks on a full
 * pipe, and is logged at FINE. None of them is ever given key material on its command line or stdin, and
 * none prints any, so the output can be logged and quoted in errors. A run that passes the timeout is killed
 * with its children.
 */
final class Command {
    /** At most this much of the output is kept. */
    static final int MAX_OUTPUT = 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(Command.class.getName());

    private final Map<String, String> environment;
    private final Duration timeout;

    /**
     * @param environment added to the server's environment (e.g. {@code GNUPGHOME})
     * @param timeout     how long one run may take
     */
    Command(Map<String, String> environment, Duration timeout) {
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    /** This command runner with {@code GNUPGHOME} set to {@code home}. */
    Command withGnupgHome(Path home) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("GNUPGHOME", home.toString());
        return new Command(env, timeout);
    }

    /** How a run ended. */
    record Result(List<String> command, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The output's non-empty lines, for an error's list. */
        List<String> lines() {
            return output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        }
    }

    /**
     * Runs {@code command} in {@code dir} and waits for it.
     *
     * @throws AptUnavailableException if it cannot be started (not installed) or did not end in time
     */
    Result run(Path dir, List<String> command) {
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("ick-apt-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(devNull()));
            builder.environment().putAll(environment);
            builder.environment().put("LC_ALL", "C.UTF-8");
            process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new AptUnavailableException(command.get(0) + " did not finish within " + timeout.toSeconds()
                        + " s (ick.apt.timeout-seconds)");
            }
            Result result = new Result(command, process.exitValue(), read(output));
            LOG.fine(() -> String.join(" ", command) + " -> exit " + result.exitCode() + "\n" + result.output());
            return result;
        } catch (IOException e) {
            throw new AptUnavailableException("cannot run " + command.get(0) + ": " + e.getMessage()
                    + " (is it installed? apt-get install reprepro gnupg dpkg)");
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new AptUnavailableException(command.get(0) + " was interrupted");
        } finally {
            delete(output);
        }
    }

    /** {@link #run} that fails unless the tool exits 0. */
    Result check(Path dir, List<String> command) {
        Result result = run(dir, command);
        if (!result.ok()) {
            LOG.log(Level.WARNING, () -> String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n"
                    + result.output());
            throw new AptUnavailableException(command.get(0) + " failed (exit " + result.exitCode() + "): "
                    + String.join("; ", result.lines()));
        }
        return result;
    }

    private static java.io.File devNull() {
        return new java.io.File("/dev/null");
    }

    private static String read(Path output) throws IOException {
        byte[] bytes;
        try (var in = Files.newInputStream(output)) {
            bytes = in.readNBytes(MAX_OUTPUT);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void kill(Process process) {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.fine(() -> "cannot delete " + file + ": " + e);
            }
        }
    }
}
