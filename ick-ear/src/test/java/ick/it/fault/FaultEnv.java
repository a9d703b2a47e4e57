package ick.it.fault;

import ick.it.TestEnv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;

/**
 * What one fault test class shares: a database of its own on the test PostgreSQL (so leftovers of other
 * classes are never dispatched to its workers), a data dir for the signing key (shared by its controllers,
 * so a token from one verifies on the other), and a directory for workers and files.
 */
public final class FaultEnv {
    public final String name;
    public final Path dir;
    public final String dbUrl;

    private FaultEnv(String name, Path dir, String dbUrl) {
        this.name = name;
        this.dir = dir;
        this.dbUrl = dbUrl;
    }

    /** A fresh database {@code fault_NAME} and a fresh {@code target/it/fault/NAME-files}. */
    public static FaultEnv create(String name) {
        String db = "fault_" + name.toLowerCase().replaceAll("[^a-z0-9]", "_");
        try {
            Path dir = TestEnv.itDir().resolve("fault").resolve(name + "-files").toAbsolutePath();
            deleteRecursively(dir);
            Files.createDirectories(dir);
            try (Connection c = DriverManager.getConnection(postgresUrl("postgres"), "postgres", "postgres");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + db);
            }
            return new FaultEnv(name, dir, postgresUrl(db));
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot prepare fault test " + name, e);
        }
    }

    /** A controller of this test on port offset {@code offset} (800–899). */
    public ControllerProcess controller(String instance, int offset, Map<String, String> properties) {
        return new ControllerProcess(name + "-" + instance, offset, dbUrl, dir.resolve("data"),
                "http://ick-" + name + ".test", properties);
    }

    static String postgresUrl(String db) {
        return "jdbc:postgresql://127.0.0.1:" + System.getProperty("ick.it.db.port") + "/" + db;
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
