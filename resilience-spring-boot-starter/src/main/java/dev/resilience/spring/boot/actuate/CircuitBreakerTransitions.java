package dev.resilience.spring.boot.actuate;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.registry.RegistryListener;

/**
 * The last few state transitions of each circuit breaker, for the {@code resilience} endpoint (and so the
 * dashboard): kept apart from the event buffer, so that a flood of rejections never pushes them out.
 *
 * <p>Listens to {@code onStateTransition} only (a registry-wide listener, so breakers created later are
 * followed), and forgets a breaker when its registry removes it. Transitions are rare: each breaker's list is a
 * small deque under its own lock. {@link #close()} detaches the listener.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class CircuitBreakerTransitions implements AutoCloseable {

    /** Transitions kept per breaker by default. */
    public static final int DEFAULT_SIZE = 10;

    private final int size;

    private final CircuitBreakerRegistry registry;

    private final ConcurrentMap<String, ArrayDeque<Transition>> transitions = new ConcurrentHashMap<>();

    private final CircuitBreakerListener listener = new CircuitBreakerListener() {
        @Override
        public void onStateTransition(CircuitBreaker circuitBreaker, CircuitBreaker.State from,
                CircuitBreaker.State to) {
            add(circuitBreaker.name(), new Transition(circuitBreaker.config().clock().instant(), from, to));
        }

        @Override
        public String toString() {
            return "CircuitBreakerTransitions";
        }
    };

    /**
     * Follows every breaker of {@code registry}, keeping its last {@code size} transitions.
     *
     * @throws IllegalArgumentException when {@code size} is less than 1
     */
    public CircuitBreakerTransitions(CircuitBreakerRegistry registry, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("Invalid 'size' (" + size + "): must be greater than or equal to 1");
        }
        this.size = size;
        this.registry = Objects.requireNonNull(registry, "registry");
        registry.addListener(listener);
        registry.addRegistryListener(new RegistryListener<>() {
            @Override
            public void onRemoved(CircuitBreaker instance) {
                transitions.remove(instance.name());
            }
        });
    }

    /** Follows every breaker of {@code registry}, keeping its last {@value #DEFAULT_SIZE} transitions. */
    public CircuitBreakerTransitions(CircuitBreakerRegistry registry) {
        this(registry, DEFAULT_SIZE);
    }

    /** The last transitions of the breaker {@code name}, oldest first; empty when it has made none. */
    public List<Transition> of(String name) {
        ArrayDeque<Transition> deque = transitions.get(name);
        if (deque == null) {
            return List.of();
        }
        synchronized (deque) {
            return List.copyOf(deque);
        }
    }

    /** Stops following the registry; the transitions recorded so far stay readable. */
    @Override
    public void close() {
        registry.removeListener(listener);
    }

    private void add(String name, Transition transition) {
        ArrayDeque<Transition> deque = transitions.computeIfAbsent(name, key -> new ArrayDeque<>(size));
        synchronized (deque) {
            if (deque.size() == size) {
                deque.removeFirst();
            }
            deque.addLast(transition);
        }
    }

    /**
     * One state transition.
     *
     * @param time when it happened, by the breaker's configured clock
     * @param from the state left
     * @param to the state entered ({@code from == to} when a manual transition restarted the state)
     */
    public record Transition(Instant time, CircuitBreaker.State from, CircuitBreaker.State to) {

        /** @throws NullPointerException when an argument is {@code null} */
        public Transition {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }
}
