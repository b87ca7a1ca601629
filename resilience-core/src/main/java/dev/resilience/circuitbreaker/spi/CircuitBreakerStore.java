package dev.resilience.circuitbreaker.spi;

import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.store.StoreInfo;

/**
 * Where one circuit breaker keeps what several application instances would have to share to act as one
 * breaker: its current {@link CircuitState} (swapped by compare-and-set) and the {@link SlidingWindow}s and
 * {@link Permits} that the states refer to. The state machine itself holds no state of its own besides its
 * configuration, listeners and per-instance counters.
 *
 * <p>The default, {@link #inMemory()}, keeps everything in this JVM, lock-free. The shared stores
 * ({@code resilience-redis}, {@code resilience-jdbc}) are built on {@link dev.resilience.store.SharedStore},
 * which implements this interface once for every backend: the state is cached locally and swapped in the
 * backend by a conditional write, windows batch outcomes and send them asynchronously, and trial permits are
 * taken from the backend.
 *
 * <p>{@link #state()} is read on every call: an implementation must answer it without I/O on the calling
 * thread (a shared store keeps a local copy and refreshes it). {@link #compareAndSet} may do I/O, bounded by
 * the store's timeout; it runs only on transitions.
 *
 * <p>A store that learns of states it did not set through {@link #compareAndSet} (written by another
 * instance) tells the breaker through the {@link Observer} given to {@link #bind}, so that the breaker
 * schedules its timers and notifies its listeners as for its own transitions.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface CircuitBreakerStore {

    /**
     * The current state, or {@code null} before the breaker first stored one. Called on every call: must be
     * cheap and must not block.
     */
    CircuitState state();

    /**
     * Replaces {@code expected} (compared by identity, or {@code null} for "nothing stored yet") with
     * {@code next}, atomically. On success {@link #state()} returns {@code next} itself. On failure
     * {@link #state()} must already return the state that won (never {@code expected} again), so that a caller
     * retrying from {@link #state()} makes progress.
     *
     * @return {@code false} when the current state is no longer {@code expected}
     */
    boolean compareAndSet(CircuitState expected, CircuitState next);

    /**
     * A new, empty window for a state period that is about to start.
     *
     * @param type count-based or time-based
     * @param size calls (count-based) or seconds (time-based)
     * @param minimumNumberOfCalls the number of calls below which the window reports no rates
     */
    SlidingWindow newWindow(CircuitBreakerConfig.SlidingWindowType type, int size, int minimumNumberOfCalls);

    /** A new set of {@code permits} trial permits for a HALF_OPEN period that is about to start. */
    Permits newPermits(int permits);

    /**
     * Called once by the breaker, right after it created the store (and stored its first state): where to
     * report what the breaker did not do itself. The in-memory store never calls it.
     *
     * @param observer the breaker's callbacks
     */
    default void bind(Observer observer) {
    }

    /** Where the state is kept, and whether this instance is currently degraded to local state. */
    default StoreInfo info() {
        return StoreInfo.memory();
    }

    /** The in-memory store: everything kept in this JVM. */
    static Factory inMemory() {
        return InMemoryCircuitBreakerStore.FACTORY;
    }

    /** Creates the store of one circuit breaker when the breaker is created. */
    @FunctionalInterface
    interface Factory {

        /** The store for the breaker {@code name}, configured with {@code config}. */
        CircuitBreakerStore create(String name, CircuitBreakerConfig config);

        /** What the stores this factory creates are: {@link StoreInfo#memory()} unless overridden. */
        default StoreInfo info() {
            return StoreInfo.memory();
        }
    }

    /**
     * The breaker's side of a store that shares state: callbacks for what happened elsewhere. Called on the
     * store's own thread, never on a caller's; implementations must be quick and must not throw.
     */
    interface Observer {

        /**
         * The store replaced {@code previous} by {@code current}, a state another instance wrote (or that the
         * store re-read after an outage). {@link #state()} already returns {@code current}.
         */
        void adopted(CircuitState previous, CircuitState current);

        /**
         * New fleet-wide rates for {@code period}'s window (packed as by {@link SlidingWindow#pack}), learnt
         * from the store rather than from a call of this instance: decide on them as on a call's outcome
         * (trip, or end HALF_OPEN). Never called with {@link SlidingWindow#NO_RATES}.
         */
        void ratesChanged(CircuitState period, long rates);
    }
}
