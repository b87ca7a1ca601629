package dev.resilience.jdbc;

import dev.resilience.jdbc.testing.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcSchemaTest {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final List<String> TABLES = List.of(
            "resilience_rate_limiter", "resilience_circuit_breaker", "resilience_circuit_breaker_outcome",
            "resilience_instance");

    @Test
    void theScriptIsShippedInTheJarAndSplitIntoItsStatements() {
        JdbcSchema schema = JdbcSchema.postgresql();
        assertThat(schema.sql()).startsWith("-- Tables of the dev.resilience PostgreSQL store");
        assertThat(schema.statements()).hasSize(6).allSatisfy(statement -> {
            assertThat(statement).startsWith("CREATE ").doesNotEndWith(";").doesNotContain("--");
            assertThat(statement).containsAnyOf("IF NOT EXISTS");
        });
        assertThat(SchemaTool.tables(schema)).containsExactlyElementsOf(TABLES);
    }

    @Test
    void splittingKeepsMultiLineStatementsAndDropsComments() {
        assertThat(JdbcSchema.split("-- a comment\nCREATE TABLE a (\n  x int\n);\n\nCREATE INDEX i ON a (x);\n"))
                .containsExactly("CREATE TABLE a (\n  x int\n)", "CREATE INDEX i ON a (x)");
    }

    @Test
    void applyingCreatesEveryTableAndIsIdempotent() throws Exception {
        DataSource db = postgres.server().dataSource(postgres.server().createDatabase());
        JdbcSchema.postgresql().apply(db);
        JdbcSchema.postgresql().apply(db);
        for (String table : TABLES) {
            assertThat(exists(db, table)).as(table).isTrue();
        }
    }

    @Test
    void instancesStartingAtOnceAllSucceed() throws Exception {
        DataSource db = postgres.server().dataSource(postgres.server().createDatabase());
        int instances = 6;
        CyclicBarrier start = new CyclicBarrier(instances);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                results.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    JdbcSchema.postgresql().apply(db);
                    return null;
                }));
            }
            for (Future<Void> result : results) {
                result.get(); // throws if any application failed
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(exists(db, "resilience_circuit_breaker_outcome")).isTrue();
    }

    @Test
    void applyingRestoresTheConnectionsAutoCommitMode() throws Exception {
        DataSource db = postgres.server().dataSource(postgres.server().createDatabase());
        try (Connection connection = db.getConnection()) {
            JdbcSchema.postgresql().apply(connection);
            assertThat(connection.getAutoCommit()).isTrue();
        }
    }

    static boolean exists(DataSource db, String table) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
