package ick.db.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Starts a PostgreSQL server on loopback with its data in a directory that survives restarts, and makes
 * sure the {@code ick} database exists.
 *
 * <p>From the command line ({@code ./ick up}) the server outlives this JVM: it is stopped by signalling the
 * postmaster whose pid is in {@code DATA/postmaster.pid}. In tests it stops with the JVM.
 */
public final class LocalPostgres {
    public static final String DATABASE = "ick";
    public static final String USER = "postgres";

    private final Path stateDir;
    private final boolean stopWithJvm;
    private EmbeddedPostgres server;

    private LocalPostgres(EmbeddedPostgres server, Path stateDir, boolean stopWithJvm) {
        this.server = server;
        this.stateDir = stateDir;
        this.stopWithJvm = stopWithJvm;
    }

    /**
     * @param stateDir    holds {@code postgres/} (the data) and {@code pgsql/} (the unpacked binaries)
     * @param port        the TCP port on 127.0.0.1
     * @param stopWithJvm whether the server stops when this JVM exits
     */
    public static LocalPostgres start(Path stateDir, int port, boolean stopWithJvm) throws IOException {
        LocalPostgres postgres = new LocalPostgres(launch(stateDir, port, stopWithJvm), stateDir, stopWithJvm);
        postgres.createDatabaseIfMissing();
        return postgres;
    }

    private static EmbeddedPostgres launch(Path stateDir, int port, boolean stopWithJvm) throws IOException {
        Path data = stateDir.resolve("postgres");
        Path binaries = stateDir.resolve("pgsql");
        Files.createDirectories(binaries);
        Path log = stateDir.resolve("postgres.log");
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setPort(port)
                .setRegisterShutdownHook(stopWithJvm)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                .setOutputRedirector(Redirect.appendTo(log.toFile()))
                .setErrorRedirector(Redirect.appendTo(log.toFile()))
                .start();
        return server;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + DATABASE;
    }

    public int port() {
        return server.getPort();
    }

    public void stop() throws IOException {
        server.close();
    }

    /** Starts the server again on the same data and port after {@link #stop()} (fault tests restart it). */
    public synchronized void startAgain() throws IOException {
        server = launch(stateDir, server.getPort(), stopWithJvm);
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IOException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    /** {@code LocalPostgres STATE_DIR PORT}: starts the server, prints its JDBC URL, and leaves it running. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LocalPostgres STATE_DIR PORT");
            System.exit(2);
        }
        LocalPostgres postgres = start(Path.of(args[0]), Integer.parseInt(args[1]), false);
        System.out.println(postgres.jdbcUrl());
        System.exit(0);
    }
}
