package ick.it.fault;

import ick.it.TestEnv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A controller (WildFly with the EAR) as a process of its own, which a test can SIGKILL and start again:
 * Arquillian's managed container cannot be killed under a test. Each instance has its own server base dir
 * (a copy of the provisioned {@code standalone/} under {@code target/it/fault/NAME}) and port offset; the
 * database and the data dir (signing key) are given, so that two instances can serve one ick.
 */
public final class ControllerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Two WildFly servers booting at once on 2 busy cores (load average 50) once took more than 180 s. */
    private static final int DEPLOY_SECONDS = 360;

    private final String name;
    private final int offset;
    private final String dbUrl;
    private final Path dataDir;
    private final String issuer;
    private final Map<String, String> properties;
    private final Path base;
    private Process process;

    /**
     * @param offset     the port offset (800–899 for the fault tests): HTTP on 8080+offset
     * @param issuer     the tokens' issuer: the same for all instances of one ick
     * @param properties extra system properties (e.g. a short lease)
     */
    public ControllerProcess(String name, int offset, String dbUrl, Path dataDir, String issuer,
                             Map<String, String> properties) {
        this.issuer = issuer;
        this.name = name;
        this.offset = offset;
        this.dbUrl = dbUrl;
        this.dataDir = dataDir;
        this.properties = properties;
        this.base = TestEnv.itDir().resolve("fault").resolve(name).toAbsolutePath();
    }

    public String url() {
        return "http://127.0.0.1:" + (8080 + offset);
    }

    public Path serverLog() {
        return base.resolve("standalone/log/server.log");
    }

    /** Starts the server (a fresh base dir the first time) and waits until ick answers. */
    public ControllerProcess start() {
        launch();
        return awaitStarted();
    }

    /**
     * Starts several servers at once (their boots overlap, which two sequential starts would not) and waits
     * until each answers.
     */
    public static void startAll(ControllerProcess... controllers) {
        for (ControllerProcess c : controllers) {
            c.launch();
        }
        for (ControllerProcess c : controllers) {
            c.awaitStarted();
        }
    }

    /** Starts the server's process (a fresh base dir the first time); {@link #awaitStarted} waits for ick. */
    public ControllerProcess launch() {
        try {
            Path standalone = base.resolve("standalone");
            if (process == null && Files.exists(base)) {
                FaultEnv.deleteRecursively(base);
            }
            if (!Files.exists(standalone)) {
                // only the configuration: the shared server's data, log and tmp belong to whoever runs it
                copyTree(server().resolve("standalone/configuration"), standalone.resolve("configuration"));
                Files.createDirectories(standalone.resolve("deployments"));
            }
            Path deployments = standalone.resolve("deployments");
            for (String marker : List.of("deployed", "failed", "isdeploying", "pending", "undeployed")) {
                Files.deleteIfExists(deployments.resolve("ick.ear." + marker));
            }
            Files.copy(Path.of(System.getProperty("ick.it.ear")), deployments.resolve("ick.ear"),
                    StandardCopyOption.REPLACE_EXISTING);
            List<String> command = new ArrayList<>(List.of(server().resolve("bin/standalone.sh").toString(),
                    "-Djboss.server.base.dir=" + standalone,
                    "-Djboss.socket.binding.port-offset=" + offset,
                    "-Dick.db.url=" + dbUrl,
                    "-Dick.bootstrap.admin-secret-file=" + TestEnv.itDir().resolve("admin.secret").toAbsolutePath(),
                    "-Dick.issuer=" + issuer,
                    "-Dick.data-dir=" + dataDir.toAbsolutePath()));
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("server.out").toFile()));
            pb.environment().put("JAVA_OPTS", "-Xms128m -Xmx512m -Djava.net.preferIPv4Stack=true");
            pb.environment().remove("JBOSS_HOME");
            process = pb.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("starting controller " + name, e);
        }
    }

    /** Waits until the launched server has deployed ick and ick answers. */
    public ControllerProcess awaitStarted() {
        try {
            waitForDeployment(base.resolve("standalone/deployments"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("starting controller " + name, e);
        }
    }

    private void waitForDeployment(Path deployments) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEPLOY_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(deployments.resolve("ick.ear.failed"))) {
                throw new IllegalStateException("controller " + name + ": deployment failed: "
                        + Files.readString(deployments.resolve("ick.ear.failed")));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("controller " + name + " exited with " + process.exitValue()
                        + "; see " + base.resolve("server.out"));
            }
            if (Files.exists(deployments.resolve("ick.ear.deployed")) && answers()) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("controller " + name + " did not deploy ick within " + DEPLOY_SECONDS + " s; see " + serverLog());
    }

    private boolean answers() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/version"))
                    .timeout(Duration.ofSeconds(2)).build(), BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The server's JVM (the launcher script's java child). */
    public ProcessHandle jvm() {
        return process.toHandle().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no server JVM under " + process.pid()));
    }

    /** SIGKILLs the server JVM and its launcher: no shutdown hook, no clean undeploy. */
    public void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
        all.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        for (ProcessHandle p : all) {
            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server cleanly (SIGTERM to its JVM), SIGKILL after 30 s. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> all = process.toHandle().descendants().toList();
        all.forEach(ProcessHandle::destroy);
        process.destroy();
        for (ProcessHandle p : all) {
            p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> {
                p.destroyForcibly();
                return null;
            }).join();
        }
        process.destroyForcibly();
    }

    private static Path server() {
        return Path.of(System.getProperty("jboss.home"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().startsWith("ick.ear")) {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
