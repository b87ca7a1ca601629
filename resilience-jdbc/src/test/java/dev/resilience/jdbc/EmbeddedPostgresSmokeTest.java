package dev.resilience.jdbc;

import dev.resilience.jdbc.testing.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresSmokeTest {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Test
    void serverSurvivesRestartWithItsData() throws Exception {
        postgres.server().execute("CREATE TABLE t (v int)", "INSERT INTO t VALUES (42)");
        postgres.server().stop();
        postgres.server().start();
        try (Connection c = postgres.server().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT v FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }
}
