package dev.resilience.spring.boot.autoconfigure.store.jdbc;

import java.sql.SQLException;
import java.util.Objects;

import javax.sql.DataSource;

import dev.resilience.circuitbreaker.spi.CircuitBreakerStore;
import dev.resilience.jdbc.JdbcSchema;
import dev.resilience.jdbc.JdbcStoreBackend;
import dev.resilience.ratelimiter.spi.RateLimiterStore;
import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationException;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.store.ResilienceStoreProvider;
import dev.resilience.store.SharedStore;
import dev.resilience.store.SharedStoreOptions;
import dev.resilience.store.StoreInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * The {@code jdbc} store of the starter: a {@link SharedStore} on a {@link JdbcStoreBackend} over the
 * application's {@link DataSource}, started on first use and closed with the context. Thread-safe.
 *
 * @since 0.1.0
 */
public final class JdbcStoreProvider implements ResilienceStoreProvider, InitializingBean, DisposableBean {

    private static final String PREFIX = "resilience.jdbc";

    private final DataSource dataSource;
    private final ResilienceProperties.Jdbc properties;
    private final SharedStoreOptions options;
    private volatile @Nullable SharedStore shared;
    private volatile boolean closed;

    /**
     * @throws ResilienceConfigurationException naming the property when a {@code resilience.jdbc.*} value is
     *         invalid
     */
    public JdbcStoreProvider(DataSource dataSource, ResilienceProperties.Jdbc properties) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.properties = Objects.requireNonNull(properties, "properties");
        // Validated now, so a bad value fails the start even if no instance uses the store yet.
        this.options = properties.toOptions(PREFIX);
    }

    /** Applies the schema when {@code resilience.jdbc.initialize-schema} is {@code always}. */
    @Override
    public void afterPropertiesSet() {
        if (properties.getInitializeSchema() != ResilienceProperties.InitializeSchema.ALWAYS) {
            return;
        }
        try {
            JdbcSchema.postgresql().apply(dataSource);
        } catch (SQLException | RuntimeException e) {
            String property = PREFIX + ".initialize-schema";
            throw new ResilienceConfigurationException("'" + property + "' is 'always' but the tables of the JDBC"
                    + " store could not be created in the application's DataSource: " + e.getMessage(),
                    "Check that the database is reachable and that its user may create tables, or create them"
                            + " beforehand (dev.resilience.jdbc.SchemaTool --dry-run prints the SQL) and set '"
                            + property + "' to 'never'.",
                    property, e);
        }
    }

    @Override
    public String store() {
        return "jdbc";
    }

    @Override
    public CircuitBreakerStore.Factory circuitBreakerStores() {
        return shared().circuitBreakers();
    }

    @Override
    public RateLimiterStore.Factory rateLimiterStores() {
        return shared().rateLimiters();
    }

    @Override
    public StoreInfo info() {
        return shared().info();
    }

    /** The shared store, started on first use. */
    public SharedStore shared() {
        SharedStore s = shared;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The JDBC store is closed with its application context");
            }
            s = shared;
            if (s == null) {
                s = JdbcStoreBackend.builder(dataSource).start(options);
                shared = s;
            }
            return s;
        }
    }

    /** Whether an instance has used the store yet (it starts on first use). */
    public boolean isStarted() {
        return shared != null;
    }

    @Override
    public synchronized void destroy() {
        closed = true;
        SharedStore s = shared;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public String toString() {
        SharedStore s = shared;
        return "JdbcStoreProvider[" + (s != null ? s : "not started") + "]";
    }
}
