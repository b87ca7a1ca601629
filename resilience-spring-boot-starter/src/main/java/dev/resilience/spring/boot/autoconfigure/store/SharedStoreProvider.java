package dev.resilience.spring.boot.autoconfigure.store;

import java.util.Locale;
import java.util.Objects;

import dev.resilience.circuitbreaker.spi.CircuitBreakerStore;
import dev.resilience.ratelimiter.spi.RateLimiterStore;
import dev.resilience.store.SharedStore;
import dev.resilience.store.StoreInfo;

/**
 * A {@link ResilienceStoreProvider} over a {@link SharedStore}; {@link #close()} closes the store (Spring infers
 * it as the bean's destroy method). Thread-safe.
 *
 * @since 0.1.0
 */
public final class SharedStoreProvider implements ResilienceStoreProvider, AutoCloseable {

    private final String store;
    private final SharedStore shared;

    SharedStoreProvider(String store, SharedStore shared) {
        this.store = store.toLowerCase(Locale.ROOT);
        this.shared = Objects.requireNonNull(shared, "shared");
    }

    @Override
    public String store() {
        return store;
    }

    @Override
    public CircuitBreakerStore.Factory circuitBreakerStores() {
        return shared.circuitBreakers();
    }

    @Override
    public RateLimiterStore.Factory rateLimiterStores() {
        return shared.rateLimiters();
    }

    @Override
    public StoreInfo info() {
        return shared.info();
    }

    /** The shared store behind this provider. */
    public SharedStore sharedStore() {
        return shared;
    }

    @Override
    public void close() {
        shared.close();
    }

    @Override
    public String toString() {
        return "SharedStoreProvider[" + store + ", " + shared + "]";
    }
}
