package dev.resilience.circuitbreaker.spi;

import dev.resilience.circuitbreaker.CircuitBreakerConfig;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Keeps a breaker's state in one volatile field swapped by compare-and-set, and its windows and permits in
 * plain objects of this JVM. Reached through {@link CircuitBreakerStore#inMemory()}; it lives beside the SPI (not
 * in the breaker's {@code internal} package) because the SPI names it as its default and the shared stores of
 * {@code dev.resilience.store} build their local windows and permits with it.
 */
final class InMemoryCircuitBreakerStore implements CircuitBreakerStore {

    /** The factory behind {@link CircuitBreakerStore#inMemory()}. */
    static final CircuitBreakerStore.Factory FACTORY = (name, config) -> new InMemoryCircuitBreakerStore();

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(InMemoryCircuitBreakerStore.class, "state", CircuitState.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // A field of the store itself rather than an AtomicReference: one pointer less on every call.
    @SuppressWarnings("unused")
    private volatile CircuitState state;

    @Override
    public CircuitState state() {
        return state;
    }

    @Override
    public boolean compareAndSet(CircuitState expected, CircuitState next) {
        return STATE.compareAndSet(this, expected, next);
    }

    @Override
    public SlidingWindow newWindow(CircuitBreakerConfig.SlidingWindowType type, int size, int minimumNumberOfCalls) {
        return type == CircuitBreakerConfig.SlidingWindowType.TIME_BASED
                ? new TimeWindow(size, minimumNumberOfCalls)
                : new CountWindow(size, minimumNumberOfCalls);
    }

    @Override
    public Permits newPermits(int permits) {
        return new AtomicPermits(permits);
    }

    @Override
    public String toString() {
        return "InMemoryCircuitBreakerStore[" + state + "]";
    }
}
