package ick.it.build;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.Icktool;
import ick.it.TestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real worker daemons ({@code ick.client.worker.WorkerMain}) and icktool processes for the build ITs, each
 * worker with its own client, workspace root and log under one directory. Close it to stop the workers.
 */
final class LocalWorkers implements AutoCloseable {
    private final Path dir;
    private final Icktool tool;
    private final List<Process> processes = new ArrayList<>();

    LocalWorkers(String name) {
        try {
            this.dir = Files.createDirectories(TestEnv.itDir().resolve(name).toAbsolutePath());
            this.tool = Icktool.asAdmin(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Starts worker {@code name} (a client with the scope set {@code @worker}) announcing {@code labels}. */
    Process start(String name, List<String> labels) {
        try {
            String secret = "secret-" + name + "-" + System.nanoTime();
            Api.client(name, secret, List.of("@worker"));
            Path secretFile = dir.resolve(name + ".secret");
            Files.writeString(secretFile, secret);
            Path config = dir.resolve(name + ".yaml");
            Files.writeString(config, """
                    controller: %s
                    client-id: %s
                    secret-file: %s
                    workspace-root: %s
                    labels: [%s]
                    """.formatted(TestEnv.baseUrl(), name, secretFile, dir.resolve("ws-" + name), String.join(", ", labels)));
            Process p = new ProcessBuilder("java", "-cp", TestEnv.clientJar().toString(), "ick.client.worker.WorkerMain",
                    "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until worker {@code name} has registered (its labels are known to the controller). */
    void awaitRegistered(String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = Api.admin().get("/api/v1/workers");
            if (r.statusCode() == 200) {
                for (JsonNode w : Api.json(r)) {
                    if (w.get("name").asText().equals(name)) {
                        return;
                    }
                }
            }
            sleep(200);
        }
        throw new AssertionError("worker " + name + " did not register; see " + dir.resolve(name + ".log"));
    }

    /** Runs icktool as admin (its configuration is in {@link #dir()}, with the admin's secret). */
    Icktool.Result icktool(int seconds, String... args) {
        return tool.run(seconds, args);
    }

    /** {@code text} as a JSON string. */
    static String quote(String text) {
        try {
            return ick.protocol.Json.mapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
