package dev.resilience.spring.boot.autoconfigure.store;

import dev.resilience.circuitbreaker.spi.CircuitBreakerStore;
import dev.resilience.ratelimiter.spi.RateLimiterStore;
import dev.resilience.store.SharedStore;
import dev.resilience.store.StoreInfo;

/**
 * A store that circuit breakers and rate limiters can select with {@code store: <name>}. A bean of this type is
 * how a store module (resilience-redis, resilience-jdbc) offers itself to the starter: the starter looks the
 * provider up by {@link #store()} when it resolves the {@code store} property of an instance, and fails the
 * start, naming the property and the module to add, when none is present.
 *
 * <p>Each store has its own auto-configuration in {@code dev.resilience.spring.boot.autoconfigure.store.<name>}
 * that defines one provider bean, usually with {@link #of(String, SharedStore)}. The factories must be the same
 * objects on every call: a configuration refresh compares them to keep the instances' state.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface ResilienceStoreProvider {

    /** The store's name as written in the {@code store} property, lower case: {@code redis}, {@code jdbc}. */
    String store();

    /** Creates the state of circuit breakers with {@code store: <name>}. */
    CircuitBreakerStore.Factory circuitBreakerStores();

    /** Creates the state of rate limiters (and keys of keyed limiters) with {@code store: <name>}. */
    RateLimiterStore.Factory rateLimiterStores();

    /** What the store is and whether it is degraded right now. */
    StoreInfo info();

    /**
     * A provider for a {@link SharedStore}, named {@code store}. Closing the provider (Spring does, at context
     * shutdown) closes the store.
     */
    static SharedStoreProvider of(String store, SharedStore shared) {
        return new SharedStoreProvider(store, shared);
    }
}
