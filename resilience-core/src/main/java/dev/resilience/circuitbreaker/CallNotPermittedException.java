package dev.resilience.circuitbreaker;

import dev.resilience.core.CallRejectedException;

import java.util.Objects;

/**
 * Thrown (or, for asynchronous calls, completes the returned stage) when a circuit breaker rejects a call:
 * it is OPEN or FORCED_OPEN, or HALF_OPEN with every trial permit taken. The message names the breaker and
 * its state, for example {@code CircuitBreaker 'backend' is OPEN and does not permit further calls}.
 *
 * <p>Rejections come in bulk exactly when a system is overloaded, so by default no stack trace is filled in
 * ({@code writable-stack-trace-enabled: false}) and the message is only built when asked for. A breaker then
 * throws one {@linkplain #shared prebuilt} instance per state instead of creating one per call, so a rejection
 * allocates nothing; such an instance has neither a stack trace nor suppressed exceptions
 * ({@link #addSuppressed} does nothing on it), so sharing it between threads and calls is safe. With
 * {@code writable-stack-trace-enabled: true} every rejection is a new instance with the caller's stack trace.
 *
 * @since 0.1.0
 */
public class CallNotPermittedException extends CallRejectedException {

    private static final long serialVersionUID = 1L;

    /** The state in which the call was rejected. */
    private final CircuitBreaker.State state;

    /**
     * @param name the circuit breaker's name
     * @param state the state in which the call was rejected
     * @param writableStackTrace whether to fill in the stack trace
     */
    public CallNotPermittedException(String name, CircuitBreaker.State state, boolean writableStackTrace) {
        super(Objects.requireNonNull(name, "name"), null, null, writableStackTrace);
        this.state = Objects.requireNonNull(state, "state");
    }

    private CallNotPermittedException(String name, CircuitBreaker.State state) {
        super(Objects.requireNonNull(name, "name"), null, null, false, false);
        this.state = Objects.requireNonNull(state, "state");
    }

    /**
     * A rejection by breaker {@code name} in {@code state} meant to be thrown again and again: no stack trace,
     * suppression disabled (so it never grows), immutable and safe to share between threads. A breaker whose
     * {@code writable-stack-trace-enabled} is {@code false} (the default) keeps one per state and throws it for
     * every rejection.
     *
     * @param name the circuit breaker's name
     * @param state the state in which calls are rejected
     */
    public static CallNotPermittedException shared(String name, CircuitBreaker.State state) {
        return new CallNotPermittedException(name, state);
    }

    /** A rejection by {@code circuitBreaker} in its current state, honouring its stack-trace setting. */
    public static CallNotPermittedException of(CircuitBreaker circuitBreaker) {
        return new CallNotPermittedException(circuitBreaker.name(), circuitBreaker.state(),
                circuitBreaker.config().writableStackTraceEnabled());
    }

    /** The state in which the call was rejected: OPEN, FORCED_OPEN or HALF_OPEN. */
    public CircuitBreaker.State state() {
        return state;
    }

    @Override
    public String getMessage() {
        // Built on demand: most rejections are counted and dropped without anyone reading the message.
        return "CircuitBreaker '" + name() + "' is " + state + " and does not permit further calls";
    }
}
