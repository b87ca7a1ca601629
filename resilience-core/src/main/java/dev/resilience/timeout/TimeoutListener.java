package dev.resilience.timeout;

import dev.resilience.core.event.EventConsumer;

/**
 * Told about each call a {@link Timeout} ran. Every method has a no-op default and takes primitives, so a
 * metrics listener ({@code resilience.timeout.calls}, kinds {@code successful}, {@code failed},
 * {@code timed_out}) allocates nothing per call.
 *
 * <p>Called on the thread that observed the outcome: the caller for synchronous calls, the thread completing
 * the stage or the scheduler thread for asynchronous ones. A listener that throws is logged and ignored; it
 * never breaks the call. Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface TimeoutListener {

    /** The call completed in time. {@code durationNanos}: how long it took, by the config's ticker. */
    default void onSuccess(Timeout timeout, long durationNanos) {
    }

    /** The call failed in time with {@code failure} (which the caller receives unchanged). */
    default void onError(Timeout timeout, long durationNanos, Throwable failure) {
    }

    /**
     * The call did not complete within {@code timeoutNanos} (its own duration, or less when an enclosing
     * {@link Deadline} left less; zero when it was never started).
     */
    default void onTimeout(Timeout timeout, long timeoutNanos) {
    }

    /**
     * A listener that turns this timeout's callbacks into {@link dev.resilience.core.event.ResilienceEvent}s for
     * {@code consumer}. It reads the name and clock of the instance each callback names, so one listener can
     * follow every instance of a registry: {@code registry.addListener(TimeoutListener.events(consumer))}. It builds no
     * event object for routine outcomes when {@link EventConsumer#routineEvents()} says so.
     */
    static TimeoutListener events(EventConsumer consumer) {
        return new TimeoutEvents(consumer);
    }
}
