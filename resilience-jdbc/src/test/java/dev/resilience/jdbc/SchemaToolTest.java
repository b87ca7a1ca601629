package dev.resilience.jdbc;

import dev.resilience.jdbc.testing.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaToolTest {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return SchemaTool.run(args, new BufferedReader(new StringReader(stdin)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.<String, String>of()::get);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dryRunWithoutUrlPrintsTheScript() {
        assertThat(run("", "--dry-run")).isEqualTo(SchemaTool.OK);
        assertThat(out()).contains("Dry run: nothing is changed")
                .contains("CREATE TABLE IF NOT EXISTS resilience_rate_limiter");
    }

    @Test
    void dryRunWithUrlSaysWhatWouldBeCreatedAndCreatesNothing() throws Exception {
        String database = postgres.server().createDatabase();
        DataSource db = postgres.server().dataSource(database);
        assertThat(run("", "--url", postgres.server().jdbcUrl(database), "--user", "postgres", "--dry-run"))
                .isEqualTo(SchemaTool.OK);
        assertThat(out()).contains("-- resilience_rate_limiter: would be created")
                .contains("-- resilience_circuit_breaker: would be created");
        assertThat(JdbcSchemaTest.exists(db, "resilience_rate_limiter")).isFalse();
    }

    @Test
    void yesAppliesWithoutAskingAndDryRunThenSeesTheTables() throws Exception {
        String database = postgres.server().createDatabase();
        DataSource db = postgres.server().dataSource(database);
        assertThat(run("", "--url=" + postgres.server().jdbcUrl(database), "--user=postgres", "--yes"))
                .isEqualTo(SchemaTool.OK);
        assertThat(out()).contains("Schema applied to " + postgres.server().jdbcUrl(database));
        for (String table : JdbcSchemaTest.TABLES) {
            assertThat(JdbcSchemaTest.exists(db, table)).as(table).isTrue();
        }
        out.reset();
        assertThat(run("", "--url", postgres.server().jdbcUrl(database), "--user", "postgres", "--dry-run"))
                .isEqualTo(SchemaTool.OK);
        assertThat(out()).contains("-- resilience_rate_limiter: exists").doesNotContain("would be created");
    }

    @Test
    void withoutYesItAsksAndAppliesOnlyOnYes() throws Exception {
        String database = postgres.server().createDatabase();
        DataSource db = postgres.server().dataSource(database);
        String url = postgres.server().jdbcUrl(database);

        assertThat(run("n\n", "--url", url, "--user", "postgres")).isEqualTo(SchemaTool.OK);
        assertThat(out()).contains("Apply these statements to " + url + "? [y/N]").contains("Nothing changed.");
        assertThat(JdbcSchemaTest.exists(db, "resilience_rate_limiter")).isFalse();

        assertThat(run("y\n", "--url", url, "--user", "postgres")).isEqualTo(SchemaTool.OK);
        assertThat(JdbcSchemaTest.exists(db, "resilience_rate_limiter")).isTrue();
    }

    @Test
    void noAnswerOnStandardInputAppliesNothingAndPointsAtYes() throws Exception {
        String database = postgres.server().createDatabase();
        assertThat(run("", "--url", postgres.server().jdbcUrl(database), "--user", "postgres"))
                .isEqualTo(SchemaTool.USAGE);
        assertThat(err()).contains("pass --yes to apply without asking");
        assertThat(JdbcSchemaTest.exists(postgres.server().dataSource(database), "resilience_rate_limiter")).isFalse();
    }

    @Test
    void usageErrorsExitWithTwoAndPrintTheUsage() {
        assertThat(run("", "--bogus")).isEqualTo(SchemaTool.USAGE);
        assertThat(err()).contains("Unknown option: --bogus").contains("Usage:");
        err.reset();
        assertThat(run("", "--yes")).isEqualTo(SchemaTool.USAGE);
        assertThat(err()).contains("--url is required");
        err.reset();
        assertThat(run("", "--url")).isEqualTo(SchemaTool.USAGE);
        assertThat(err()).contains("--url needs a value");
        err.reset();
        assertThat(run("", "--dry-run", "--yes")).isEqualTo(SchemaTool.USAGE);
        assertThat(err()).contains("contradict");
    }

    @Test
    void aDatabaseThatRefusesExitsWithOneAndSaysWhy() {
        assertThat(run("", "--url", postgres.server().jdbcUrl("no_such_database"), "--user", "postgres", "--yes"))
                .isEqualTo(SchemaTool.FAILED);
        assertThat(err()).contains("Cannot apply the schema to").contains("no_such_database");
    }

    @Test
    void aUrlNoDriverAcceptsNamesTheMissingDriver() {
        assertThat(run("", "--url", "jdbc:nosuchdb://x/y", "--yes")).isEqualTo(SchemaTool.FAILED);
        assertThat(err()).contains("No JDBC driver on the class path accepts jdbc:nosuchdb://x/y");
    }
}
