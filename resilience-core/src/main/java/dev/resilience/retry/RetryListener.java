package dev.resilience.retry;

import dev.resilience.core.event.EventConsumer;

/**
 * Told what a {@link Retry} does, with primitive arguments so that metrics need no event objects. Every method
 * has a no-op default: implement only what you need.
 *
 * <p>Order for one call: zero or more {@link #onRetry} (one per retry, before its wait), possibly one
 * {@link #onBudgetExhausted}, then exactly one of {@link #onSuccess}, {@link #onError} or
 * {@link #onIgnoredError} when the call ends.
 *
 * <p>Methods are called on the thread that made the decision (the caller's for synchronous calls, the one
 * that completed the attempt's stage for asynchronous calls), so they must be thread-safe and fast. A listener
 * that throws is logged and ignored: it never changes the outcome of the call.
 *
 * @see Retry#addListener(RetryListener)
 * @see Retry#onEvent(dev.resilience.core.event.EventConsumer)
 * @since 0.1.0
 */
public interface RetryListener {

    /**
     * An attempt failed and another one will be made after {@code waitNanos}.
     *
     * @param retry the retry
     * @param attempt the number of attempts made so far, all failed (1 before the first retry): also the
     *        number of this retry
     * @param waitNanos the wait before the next attempt, in nanoseconds (0 for none)
     * @param lastErrorOrNull what the attempt threw, or {@code null} when its result was retried
     */
    default void onRetry(Retry retry, int attempt, long waitNanos, Throwable lastErrorOrNull) {
    }

    /**
     * The call succeeded.
     *
     * @param attempts the number of attempts made, 1 when the first one succeeded
     */
    default void onSuccess(Retry retry, int attempts) {
    }

    /**
     * The call failed with a retryable outcome and will not be retried any more: attempts exhausted, budget
     * refused, interrupted or cancelled while waiting.
     *
     * @param attempts the number of attempts that completed (an attempt still in flight when the call was
     *        cancelled is not counted)
     * @param lastErrorOrNull the failure the caller receives (a {@link java.util.concurrent.CancellationException}
     *        for a cancelled asynchronous call), or {@code null} when the call ends with a result
     *        that {@link RetryConfig#retryOnResult()} still rejected (the caller receives that result)
     */
    default void onError(Retry retry, int attempts, Throwable lastErrorOrNull) {
    }

    /**
     * The call failed with an exception that is not retried ({@code ignore-exceptions}, not among
     * {@code retry-exceptions}, refused by the predicate, an {@link Error} by default, or an
     * {@link InterruptedException}); the caller receives it unchanged.
     */
    default void onIgnoredError(Retry retry, Throwable error) {
    }

    /**
     * The {@link RetryBudget} refused a retry that would otherwise have been made; the call ends with its last
     * outcome, and {@link #onError} follows.
     *
     * @param attempt the number of attempts made so far, all failed
     * @param lastErrorOrNull what the last attempt threw, or {@code null} when its result was to be retried
     */
    default void onBudgetExhausted(Retry retry, int attempt, Throwable lastErrorOrNull) {
    }

    /**
     * A listener that turns this retry's callbacks into {@link dev.resilience.core.event.ResilienceEvent}s for
     * {@code consumer}. It reads the name and clock of the instance each callback names, so one listener can
     * follow every instance of a registry: {@code registry.addListener(RetryListener.events(consumer))}. It builds no
     * event object for routine outcomes when {@link EventConsumer#routineEvents()} says so.
     */
    static RetryListener events(EventConsumer consumer) {
        return new RetryEvents(consumer);
    }
}
