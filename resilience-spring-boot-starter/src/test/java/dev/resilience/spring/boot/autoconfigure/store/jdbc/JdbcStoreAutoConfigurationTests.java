package dev.resilience.spring.boot.autoconfigure.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.jdbc.JdbcStoreBackend;
import dev.resilience.jdbc.testing.EmbeddedPostgresServer;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationException;
import dev.resilience.spring.boot.autoconfigure.store.ResilienceStoreProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcStoreAutoConfigurationTests {

    static EmbeddedPostgresServer postgres;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JdbcStoreAutoConfiguration.class, ResilienceAutoConfiguration.class));

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgresServer.startNew();
    }

    @AfterAll
    static void stopPostgres() {
        pools.forEach(HikariDataSource::close);
        postgres.close();
    }

    static final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

    /** A pool on a new, empty database, as an application's DataSource would be. */
    private static DataSource freshDatabase() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl(postgres.createDatabase()));
        config.setUsername(postgres.user());
        config.setMaximumPoolSize(5);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Test
    void withADataSourceTheJdbcStoreIsOfferedButStartsOnlyWhenAnInstanceUsesIt() {
        runner.withBean(DataSource.class, JdbcStoreAutoConfigurationTests::freshDatabase).run(context -> {
            assertThat(context).hasSingleBean(JdbcStoreProvider.class);
            JdbcStoreProvider provider = context.getBean(JdbcStoreProvider.class);
            assertThat(provider.store()).isEqualTo("jdbc");
            context.getBean(CircuitBreakerRegistry.class).get("local");
            assertThat(provider.isStarted()).as("no instance uses store: jdbc").isFalse();
        });
    }

    @Test
    void anInstanceWithStoreJdbcUsesTheApplicationsDataSource() {
        runner.withBean(DataSource.class, JdbcStoreAutoConfigurationTests::freshDatabase)
                .withPropertyValues("resilience.jdbc.initialize-schema=always",
                        "resilience.circuit-breaker.instances.shared.store=jdbc",
                        "resilience.rate-limiter.instances.quota.store=jdbc")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    dev.resilience.circuitbreaker.CircuitBreaker shared =
                            context.getBean(CircuitBreakerRegistry.class).get("shared");
                    assertThat(shared.storeInfo().type()).isEqualTo("jdbc");
                    assertThat(shared.storeInfo().isShared()).isTrue();
                    assertThat(context.getBean(CircuitBreakerRegistry.class).get("other").storeInfo().type())
                            .as("one application can have local and shared instances side by side").isEqualTo("memory");
                    assertThat(context.getBean(RateLimiterRegistry.class).get("quota").storeInfo().type()).isEqualTo("jdbc");
                    assertThat(context.getBean(JdbcStoreProvider.class).isStarted()).isTrue();
                    assertThat(shared.executeSupplier(() -> "through the shared breaker")).isNotNull();
                });
    }

    @Test
    void initializeSchemaAlwaysCreatesTheTablesAndNeverLeavesTheDatabaseAlone() {
        runner.withBean(DataSource.class, JdbcStoreAutoConfigurationTests::freshDatabase)
                .withPropertyValues("resilience.jdbc.initialize-schema=always").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(tableExists(context.getBean(DataSource.class), "resilience_circuit_breaker")).isTrue();
                    assertThat(tableExists(context.getBean(DataSource.class), "resilience_rate_limiter")).isTrue();
                });
        runner.withBean(DataSource.class, JdbcStoreAutoConfigurationTests::freshDatabase).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(tableExists(context.getBean(DataSource.class), "resilience_circuit_breaker"))
                    .as("default: never").isFalse();
        });
    }

    @Test
    void initializeSchemaAlwaysOnADatabaseThatRefusesFailsTheStartNamingTheProperty() {
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setUrl(postgres.jdbcUrl("no_such_database"));
        unreachable.setUser(postgres.user());
        runner.withBean(DataSource.class, () -> unreachable).withPropertyValues("resilience.jdbc.initialize-schema=always")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(ResilienceConfigurationException.class)
                            .hasMessageContaining("'resilience.jdbc.initialize-schema' is 'always'")
                            .hasMessageContaining("no_such_database");
                });
    }

    @Test
    void anInvalidStoreSettingFailsTheStartNamingTheFullProperty() {
        runner.withBean(DataSource.class, JdbcStoreAutoConfigurationTests::freshDatabase)
                .withPropertyValues("resilience.jdbc.timeout=-5ms")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(ResilienceConfigurationException.class)
                            .hasMessageContaining("resilience.jdbc.timeout");
                });
    }

    @Test
    void withoutADataSourceStoreJdbcFailsTheStartSayingWhatIsMissing() {
        runner.withPropertyValues("resilience.circuit-breaker.instances.shared.store=jdbc").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("resilience.circuit-breaker.instances.shared.store")
                    .hasMessageContaining("resilience-jdbc and a DataSource bean");
        });
    }

    @Test
    void withoutResilienceJdbcOnTheClassPathNothingIsOffered() {
        runner.withClassLoader(new FilteredClassLoader(JdbcStoreBackend.class))
                .withBean(DataSource.class, JdbcStoreAutoConfigurationTests::freshDatabase)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ResilienceStoreProvider.class));
    }

    @Test
    void theStoreIsClosedWithTheContext() {
        JdbcStoreProvider[] provider = new JdbcStoreProvider[1];
        runner.withBean(DataSource.class, JdbcStoreAutoConfigurationTests::freshDatabase)
                .withPropertyValues("resilience.jdbc.initialize-schema=always",
                        "resilience.circuit-breaker.instances.shared.store=jdbc")
                .run(context -> {
                    context.getBean(CircuitBreakerRegistry.class).get("shared");
                    provider[0] = context.getBean(JdbcStoreProvider.class);
                    assertThat(provider[0].shared().info().isDegraded()).isFalse();
                });
        assertThat(provider[0].shared().info().isDegraded()).as("a closed store no longer shares").isTrue();
    }

    static boolean tableExists(DataSource dataSource, String table) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
