package ick.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * icktool as users run it: a JVM of its own, from the client jar, as the admin client, against the test's controller.
 */
public final class Icktool {
    /** How icktool ended: its exit code and what it printed (stdout and stderr together). */
    public record Result(int exitCode, String output) {
    }

    private final Path config;

    private Icktool(Path config) {
        this.config = config;
    }

    /** An icktool whose configuration ({@code icktool.yaml}) and the admin's secret are written into {@code dir}. */
    public static Icktool asAdmin(Path dir) {
        try {
            Files.createDirectories(dir);
            Path secret = Files.writeString(dir.resolve("admin.secret"), TestEnv.adminSecret());
            Path config = Files.writeString(dir.resolve("icktool.yaml"), """
                    controller: %s
                    client-id: admin
                    secret-file: %s
                    """.formatted(TestEnv.baseUrl(), secret.toAbsolutePath()));
            return new Icktool(config.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An icktool with a configuration file of the test's own (another controller URL, a CA file...). */
    public static Icktool withConfig(Path config) {
        return new Icktool(config.toAbsolutePath());
    }

    /** Runs {@code icktool ARGS}; an AssertionError if it takes longer than {@code seconds}. */
    public Result run(int seconds, String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", TestEnv.clientJar().toString(),
                "--config", config.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("icktool " + String.join(" ", args) + " did not finish: " + output);
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code icktool ARGS}, which must succeed within a minute; what it printed. */
    public String ok(String... args) {
        Result result = run(60, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("icktool " + String.join(" ", args) + " exited with " + result.exitCode()
                    + ": " + result.output());
        }
        return result.output();
    }
}
