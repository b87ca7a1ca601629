package dev.resilience.circuitbreaker;

import dev.resilience.core.event.EventConsumer;

/**
 * Told about what happens to a circuit breaker. Every method has a no-op default and takes primitive
 * arguments (durations in nanoseconds), so metrics can be kept without any object being created per call.
 *
 * <p>Listeners are called synchronously, on the thread that makes (or completes) the call, or that runs a
 * scheduled transition; they should be quick. A listener that throws is logged and never breaks the call.
 *
 * <p>Order for one call: the outcome ({@link #onSuccess}, {@link #onError} or {@link #onIgnoredError}), then
 * {@link #onSlowCall} if it was slow, then {@link #onFailureRateExceeded} / {@link #onSlowCallRateExceeded}
 * and {@link #onStateTransition} if it made the breaker change state. State transitions are reported after
 * the state has changed, and an outcome only once the breaker has acted on it: a listener reading
 * {@link CircuitBreaker#state()} in {@link #onSuccess} already sees the state that outcome led to. A listener
 * that throws anything, even a {@link VirtualMachineError}, changes neither the call's outcome nor the state.
 *
 * @see CircuitBreaker#addListener(CircuitBreakerListener)
 * @see CircuitBreakerRegistry#addListener(Object)
 * @since 0.1.0
 */
public interface CircuitBreakerListener {

    /**
     * A call succeeded (including a call that failed with an exception that is not recorded: it counts as a
     * success). Not called in DISABLED.
     */
    default void onSuccess(CircuitBreaker circuitBreaker, long durationNanos) {
    }

    /**
     * A call failed and the failure was recorded. {@code error} is the call's exception, or a
     * {@link ResultRecordedAsFailureException} when the returned value was recorded as a failure.
     */
    default void onError(CircuitBreaker circuitBreaker, long durationNanos, Throwable error) {
    }

    /** A call failed with an exception of {@code ignore-exceptions}: it was not recorded. */
    default void onIgnoredError(CircuitBreaker circuitBreaker, long durationNanos, Throwable error) {
    }

    /** A call was rejected with a {@link CallNotPermittedException}. */
    default void onNotPermitted(CircuitBreaker circuitBreaker) {
    }

    /** A call (successful or failed) took at least {@code slow-call-duration-threshold}; after its outcome. */
    default void onSlowCall(CircuitBreaker circuitBreaker, long durationNanos) {
    }

    /**
     * The breaker moved from {@code from} to {@code to}, called after the change. {@code from == to} when a
     * manual transition restarted the current state.
     */
    default void onStateTransition(CircuitBreaker circuitBreaker, CircuitBreaker.State from,
            CircuitBreaker.State to) {
    }

    /**
     * The breaker moved from {@code from} to {@code to}, with the application instance that made the
     * transition: with a shared store ({@code store: redis|jdbc}) a transition made by one instance reaches
     * every instance sharing the breaker, and {@code instanceId} names the one that made it (this instance's
     * own id for its own transitions). The breaker calls this method; by default it calls
     * {@link #onStateTransition(CircuitBreaker, CircuitBreaker.State, CircuitBreaker.State)}, so a listener
     * implements one or the other.
     *
     * @param instanceId the id of the instance that made the transition, or {@code null} for a breaker whose
     *        state is not shared
     */
    default void onStateTransition(CircuitBreaker circuitBreaker, CircuitBreaker.State from,
            CircuitBreaker.State to, String instanceId) {
        onStateTransition(circuitBreaker, from, to);
    }

    /** The breaker was {@link CircuitBreaker#reset() reset}. */
    default void onReset(CircuitBreaker circuitBreaker) {
    }

    /**
     * The failure rate reached {@code failure-rate-threshold}: just before the resulting transition to OPEN,
     * or once per METRICS_ONLY period.
     */
    default void onFailureRateExceeded(CircuitBreaker circuitBreaker, float failureRate) {
    }

    /**
     * The slow-call rate reached {@code slow-call-rate-threshold}: just before the resulting transition to
     * OPEN, or once per METRICS_ONLY period.
     */
    default void onSlowCallRateExceeded(CircuitBreaker circuitBreaker, float slowCallRate) {
    }

    /**
     * A listener that turns this breaker's callbacks into {@link dev.resilience.core.event.ResilienceEvent}s for
     * {@code consumer}. It reads the name and clock of the instance each callback names, so one listener can
     * follow every instance of a registry: {@code registry.addListener(CircuitBreakerListener.events(consumer))}. It builds no
     * event object for routine outcomes when {@link EventConsumer#routineEvents()} says so.
     */
    static CircuitBreakerListener events(EventConsumer consumer) {
        return new CircuitBreakerEvents(consumer);
    }
}
