package dev.resilience.spring.boot.autoconfigure.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.RateLimit;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.jdbc.testing.EmbeddedPostgresServer;
import dev.resilience.ratelimiter.RateLimitExceededException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static dev.resilience.circuitbreaker.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two Spring Boot applications (two contexts, two connection pools) share a circuit breaker and a rate limiter
 * through PostgreSQL, configured only by YAML ({@code jdbc-fleet.yml}).
 */
class JdbcStoreTwoApplicationsTests {

    static EmbeddedPostgresServer postgres;
    static String database;

    ConfigurableApplicationContext first;
    ConfigurableApplicationContext second;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgresServer.startNew();
        database = postgres.createDatabase();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @AfterEach
    void closeApplications() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(FleetApplication.class).web(WebApplicationType.NONE)
                .properties("spring.config.name=jdbc-fleet", "test.postgres.url=" + postgres.jdbcUrl(database))
                .run();
    }

    @Test
    void oneApplicationTripsTheSharedBreakerAndTheOtherRejects() {
        first = start();
        second = start();
        Payments onFirst = first.getBean(Payments.class);
        Payments onSecond = second.getBean(Payments.class);
        assertThat(onSecond.pay(false)).isEqualTo("paid");

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> onFirst.pay(true)).isInstanceOf(IllegalStateException.class);
        }
        dev.resilience.circuitbreaker.CircuitBreaker breakerOnSecond =
                second.getBean(CircuitBreakerRegistry.class).get("payments");
        // The documented bound is one poll interval (1 s) after the first application's flush; wait longer on
        // a busy machine.
        await().atMost(Duration.ofSeconds(5)).until(() -> breakerOnSecond.state() == OPEN);
        assertThatThrownBy(() -> onSecond.pay(false)).isInstanceOf(CallNotPermittedException.class);
        assertThat(breakerOnSecond.storeInfo().type()).isEqualTo("jdbc");
        assertThat(breakerOnSecond.storeInfo().isShared()).isTrue();
    }

    @Test
    void theTwoApplicationsShareOneLimit() throws Exception {
        first = start();
        second = start();
        awayFromAPeriodBoundary(first.getBean(DataSource.class), Duration.ofMinutes(10));
        PartnerApi onFirst = first.getBean(PartnerApi.class);
        PartnerApi onSecond = second.getBean(PartnerApi.class);
        int granted = 0;
        int rejected = 0;
        for (int i = 0; i < 30; i++) {
            try {
                (i % 2 == 0 ? onFirst : onSecond).call();
                granted++;
            } catch (RateLimitExceededException e) {
                assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10));
                rejected++;
            }
        }
        assertThat(granted).as("limit-for-period 10, across both applications").isEqualTo(10);
        assertThat(rejected).isEqualTo(20);
    }

    /** Periods are cut on the database clock from the epoch: stay clear of a boundary during the test. */
    static void awayFromAPeriodBoundary(DataSource dataSource, Duration period) {
        long periodMs = period.toMillis();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT floor(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint")) {
                rs.next();
                return periodMs - rs.getLong(1) % periodMs > 30_000;
            }
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class FleetApplication {

        /**
         * The application's pool, from {@code spring.datasource.*} in the YAML: what spring-boot-jdbc's
         * auto-configuration does in an application (it is kept off this module's test class path, where it
         * would give every other test context a DataSource to configure).
         */
        @Bean(destroyMethod = "close")
        HikariDataSource dataSource(Environment environment) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(environment.getRequiredProperty("spring.datasource.url"));
            config.setUsername(environment.getRequiredProperty("spring.datasource.username"));
            config.setMaximumPoolSize(environment.getProperty("spring.datasource.hikari.maximum-pool-size",
                    Integer.class, 10));
            return new HikariDataSource(config);
        }

        @Bean
        Payments payments() {
            return new Payments();
        }

        @Bean
        PartnerApi partnerApi() {
            return new PartnerApi();
        }
    }

    static class Payments {

        @CircuitBreaker(name = "payments")
        public String pay(boolean fail) {
            if (fail) {
                throw new IllegalStateException("payment provider down");
            }
            return "paid";
        }
    }

    static class PartnerApi {

        @RateLimit(name = "partner-api")
        public String call() {
            return "ok";
        }
    }
}
