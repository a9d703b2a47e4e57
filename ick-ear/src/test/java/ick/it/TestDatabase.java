package ick.it;

import ick.db.local.LocalPostgres;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Starts the PostgreSQL of the integration tests before anything else runs (before Arquillian boots WildFly,
 * whose datasource and batch job repository need it), and writes the admin secret WildFly bootstraps from.
 * The database is fresh for every run and stops with the test JVM.
 */
public class TestDatabase implements LauncherSessionListener {
    private static volatile LocalPostgres postgres;

    /** The running test PostgreSQL (fault tests stop and start it). */
    public static LocalPostgres postgres() {
        if (postgres == null) {
            throw new IllegalStateException("the test PostgreSQL is not running (not started by failsafe?)");
        }
        return postgres;
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String port = System.getProperty("ick.it.db.port");
        if (port == null) {
            return; // not run by failsafe (e.g. an IDE running a unit test)
        }
        try {
            Path dir = TestEnv.itDir();
            deleteRecursively(dir.resolve("pg/postgres"));
            // what the last run left (the ITs' workers' workspaces and caches, the blobs) would make this run
            // depend on it; only PostgreSQL's unpacked binaries (pg/pgsql) are kept
            if (Files.isDirectory(dir)) {
                try (var entries = Files.list(dir)) {
                    for (Path entry : entries.filter(e -> !e.getFileName().toString().equals("pg")).toList()) {
                        deleteRecursively(entry);
                    }
                }
            }
            // Undertow serves /apt/ from it only if it exists when the server boots (wildfly-config/apt.cli)
            Files.createDirectories(dir.resolve("data/apt/public"));
            Path secret = dir.resolve("admin.secret");
            Files.deleteIfExists(secret);
            Files.createFile(secret, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(secret, randomSecret());
            postgres = LocalPostgres.start(dir.resolve("pg"), Integer.parseInt(port), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test PostgreSQL", e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (postgres != null) {
            try {
                postgres.stop();
            } catch (IOException e) {
                System.err.println("stopping the test PostgreSQL: " + e);
            }
        }
    }

    static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
