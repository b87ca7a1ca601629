package dev.resilience.circuitbreaker.spi;

import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.internal.InMemoryCircuitBreakerStore;

/**
 * Where one circuit breaker keeps what several application instances would have to share to act as one
 * breaker: its current {@link CircuitState} (swapped by compare-and-set) and the {@link SlidingWindow}s and
 * {@link Permits} that the states refer to. The state machine itself holds no state of its own besides its
 * configuration, listeners and per-instance counters.
 *
 * <p>The default, {@link #inMemory()}, keeps everything in this JVM, lock-free. A shared store (Redis, a
 * database) would map a state to a key holding (state, epoch, since) updated by a conditional write, and the
 * windows and permits it creates to keys derived from the epoch; such a store is responsible for turning
 * {@link CircuitState#sinceNanos()} into a time that other machines understand.
 *
 * <p>{@link #state()} is read on every call: an implementation must answer it without I/O on the calling
 * thread (a shared store keeps a local copy and refreshes it).
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
     * {@code next}, atomically.
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

    /** The in-memory store: everything kept in this JVM. */
    static Factory inMemory() {
        return InMemoryCircuitBreakerStore.FACTORY;
    }

    /** Creates the store of one circuit breaker when the breaker is created. */
    @FunctionalInterface
    interface Factory {

        /** The store for the breaker {@code name}, configured with {@code config}. */
        CircuitBreakerStore create(String name, CircuitBreakerConfig config);
    }
}
