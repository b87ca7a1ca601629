package dev.resilience.spring.boot.autoconfigure.store.jdbc;

import javax.sql.DataSource;

import dev.resilience.jdbc.JdbcStoreBackend;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.store.ResilienceStoreProvider;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Offers {@code store: jdbc} to circuit breakers and rate limiters when {@code resilience-jdbc} is on the class
 * path and the application has one {@link DataSource}: a {@link ResilienceStoreProvider} named {@code jdbc},
 * sharing state through that data source's PostgreSQL database, configured by {@code resilience.jdbc.*}.
 *
 * <p>The shared store (its threads, its {@code LISTEN} connection, its heartbeat) starts when the first
 * instance with {@code store: jdbc} is created, so an application that has the module but uses no shared
 * instance pays nothing. {@code resilience.jdbc.initialize-schema: always} creates the tables at start-up,
 * before any instance uses them; a database that refuses fails the start.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = ResilienceAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ JdbcStoreBackend.class, DataSource.class })
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(ResilienceProperties.class)
public final class JdbcStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "resilienceJdbcStoreProvider")
    JdbcStoreProvider resilienceJdbcStoreProvider(DataSource dataSource, ResilienceProperties properties) {
        return new JdbcStoreProvider(dataSource, properties.getJdbc());
    }
}
