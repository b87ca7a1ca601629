package dev.resilience.jdbc.fleet;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.jdbc.JdbcStoreBackend;
import dev.resilience.jdbc.testing.EmbeddedPostgresServer;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.store.SharedStore;
import dev.resilience.store.SharedStoreOptions;

import java.time.Duration;

/**
 * One application instance of a test fleet: its own connection pool to the shared database, its own shared
 * store (own threads, own LISTEN connection, own instance id), and the breakers and limiters it creates.
 */
final class Instance implements AutoCloseable {

    final String id;
    final HikariDataSource dataSource;
    final SharedStore store;

    /**
     * The store's timeout here is 500 ms, not the default 50 ms: the build machine is shared by several builds,
     * and a statement that is merely slow there must not count as an outage in tests about sharing.
     */
    Instance(EmbeddedPostgresServer server, String database, String id) {
        this(server, database, id, SharedStoreOptions.builder().timeout(Duration.ofMillis(500)));
    }

    Instance(EmbeddedPostgresServer server, String database, String id, SharedStoreOptions.Builder options) {
        this.id = id;
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(server.jdbcUrl(database));
        pool.setUsername(server.user());
        pool.setPoolName(id);
        pool.setMaximumPoolSize(8);
        pool.setConnectionTimeout(1000);
        pool.setValidationTimeout(250);
        // Start even if the database is down, like an application whose pool connects lazily.
        pool.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(pool);
        this.store = JdbcStoreBackend.builder(dataSource).networkTimeout(Duration.ofSeconds(2))
                .reconnectBackoff(Duration.ofMillis(200)).start(options.instanceId(id).build());
    }

    CircuitBreaker breaker(String name, CircuitBreakerConfig.Builder config) {
        return CircuitBreaker.of(name, config.storeFactory(store.circuitBreakers()).build());
    }

    RateLimiter limiter(String name, RateLimiterConfig.Builder config) {
        return RateLimiter.of(name, config.store(store.rateLimiters()).build());
    }

    KeyedRateLimiter keyedLimiter(String name, RateLimiterConfig.Builder config) {
        return KeyedRateLimiter.of(name, config.store(store.rateLimiters()).build());
    }

    @Override
    public void close() {
        store.close();
        dataSource.close();
    }
}
