package ick.it.fault;

import ick.it.TestEnv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real worker daemon ({@code WorkerMain}) with a client of its own, which a test can SIGKILL, SIGSTOP and SIGCONT. */
public final class WorkerProcess implements AutoCloseable {
    /** The scopes a worker needs. */
    public static final List<String> SCOPES = List.copyOf(ick.identity.Scopes.WORKER);

    public final String id;
    public final Path dir;
    private final Process process;

    private WorkerProcess(String id, Path dir, Process process) {
        this.id = id;
        this.dir = dir;
        this.process = process;
    }

    /** Registers client {@code id} through {@code admin} and starts a worker as it against {@code controller}. */
    public static WorkerProcess start(Ick admin, String controller, String id, Path parent, String... labels) {
        try {
            Path dir = Files.createDirectories(parent.resolve(id));
            String secret = "secret-" + id + "-" + System.nanoTime();
            admin.registerClient(id, secret, SCOPES);
            Files.writeString(dir.resolve("worker.secret"), secret);
            Files.writeString(dir.resolve("worker.yaml"), """
                    controller: %s
                    client-id: %s
                    secret-file: %s
                    workspace-root: %s
                    labels: [%s]
                    """.formatted(controller, id, dir.resolve("worker.secret"), dir.resolve("workspace"),
                    String.join(", ", labels)));
            Process p = new ProcessBuilder("java", "-Xmx128m", "-cp", TestEnv.clientJar().toString(),
                    "ick.client.worker.WorkerMain", "--config", dir.resolve("worker.yaml").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("worker.log").toFile()))
                    .start();
            return new WorkerProcess(id, dir, p);
        } catch (IOException e) {
            throw new UncheckedIOException("starting worker " + id, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("worker.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: the worker vanishes without a word; the action's processes are left behind, as on a real host. */
    public List<ProcessHandle> kill() {
        List<ProcessHandle> orphans = process.toHandle().descendants().toList();
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return orphans;
    }

    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the worker and whatever its actions left running. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.toHandle().descendants().toList();
        if (process.isAlive()) {
            resume();
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
