package dev.resilience.jdbc;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tables of the PostgreSQL store, as shipped in this jar at {@value #POSTGRESQL_SCHEMA}.
 *
 * <p>The script only creates what is missing ({@code CREATE TABLE IF NOT EXISTS}), so applying it again, or
 * from several instances starting at once, is safe. Apply it with {@link #apply(DataSource)}, with
 * {@code resilience.jdbc.initialize-schema: always} in Spring Boot, or from the command line with
 * {@link SchemaTool}; or hand the script ({@link #sql()}) to your migration tool.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class JdbcSchema {

    /** Where the PostgreSQL script is on the class path. */
    public static final String POSTGRESQL_SCHEMA = "META-INF/resilience/postgresql/schema.sql";

    /**
     * The key of the transaction-scoped advisory lock that serializes concurrent applications of the script:
     * two {@code CREATE TABLE IF NOT EXISTS} of the same table racing each other can otherwise fail on the
     * catalog's unique index. An arbitrary constant ("resilien" in ASCII).
     */
    static final long ADVISORY_LOCK_KEY = 0x7265_7369_6c69_656eL;

    private static final JdbcSchema POSTGRESQL = new JdbcSchema(load(POSTGRESQL_SCHEMA));

    private final String sql;
    private final List<String> statements;

    private JdbcSchema(String sql) {
        this.sql = sql;
        this.statements = List.copyOf(split(sql));
    }

    /** The schema of the PostgreSQL store. */
    public static JdbcSchema postgresql() {
        return POSTGRESQL;
    }

    /** The whole script, comments included, as shipped. */
    public String sql() {
        return sql;
    }

    /** The script's statements, in order, without comments or the terminating semicolons. */
    public List<String> statements() {
        return statements;
    }

    /**
     * Creates the missing tables and indexes, in one transaction, holding an advisory lock so concurrent
     * callers wait for each other instead of failing.
     *
     * @param dataSource where to create them; the connection's user needs the {@code CREATE} privilege on
     *        the schema first in its {@code search_path}
     * @throws SQLException when the database refuses; nothing is changed then
     */
    public void apply(DataSource dataSource) throws SQLException {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection connection = dataSource.getConnection()) {
            apply(connection);
        }
    }

    /**
     * Like {@link #apply(DataSource)}, on a connection the caller owns; the connection's auto-commit mode is
     * restored afterwards.
     */
    public void apply(Connection connection) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
            for (String sql : statements) {
                statement.execute(sql);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String load(String resource) {
        try (InputStream in = JdbcSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing from the resilience-jdbc jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    /**
     * Splits the script at the semicolons that end a line. Enough for this script, which has no function
     * bodies or string literals with semicolons; comment lines ({@code --}) are dropped.
     */
    static List<String> split(String script) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (current.length() > 0) {
                current.append('\n');
            }
            current.append(line.stripTrailing());
            if (trimmed.endsWith(";")) {
                current.setLength(current.length() - 1);
                result.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (current.toString().strip().length() > 0) {
            result.add(current.toString().strip());
        }
        return result;
    }

    @Override
    public String toString() {
        return "JdbcSchema[" + statements.size() + " statements]";
    }
}
