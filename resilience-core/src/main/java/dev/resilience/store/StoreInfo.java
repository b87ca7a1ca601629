package dev.resilience.store;

import java.util.Objects;

/**
 * Where a circuit breaker or rate limiter keeps its state, as seen at one moment: the kind of store, whether
 * it is shared with other application instances, and whether this instance is currently <em>degraded</em>
 * (the shared store is unreachable, so it runs on local state until it reconnects).
 *
 * <p>Read it through {@code CircuitBreaker.storeInfo()} or {@code RateLimiter.storeInfo()}; the actuator, the
 * metrics and the dashboard show it. Implementations are thread-safe; their answers may change from one call to
 * the next.
 *
 * @since 0.1.0
 */
public interface StoreInfo {

    /** The store type of the in-memory store. */
    String MEMORY = "memory";

    /**
     * The kind of store, lower case, as in the {@code store} property: {@code memory}, {@code redis},
     * {@code jdbc}.
     */
    String type();

    /** Whether other application instances share this state; {@code false} for the in-memory store. */
    boolean isShared();

    /**
     * Whether this instance currently runs on local state because the shared store is unreachable; always
     * {@code false} for the in-memory store.
     */
    boolean isDegraded();

    /**
     * The id by which this application instance identifies itself in the shared store (it appears in the
     * events of fleet-wide transitions); empty for the in-memory store.
     */
    String instanceId();

    /** The answer of every in-memory store. */
    static StoreInfo memory() {
        return FixedStoreInfo.MEMORY;
    }

    /** A fixed answer, for stores whose answer never changes (never degraded). */
    static StoreInfo of(String type, boolean shared, String instanceId) {
        return new FixedStoreInfo(type, shared, instanceId);
    }
}
