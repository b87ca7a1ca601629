package dev.resilience.bulkhead;

import dev.resilience.core.event.EventConsumer;

/**
 * Told about the calls a {@link ThreadPoolBulkhead} admits and rejects. Every method has a no-op default, so a
 * metrics listener ({@code resilience.bulkhead.calls}, kinds {@code permitted} and {@code rejected}) allocates
 * nothing.
 *
 * <p>A listener that throws is logged and ignored; it never breaks the call. Implementations must be
 * thread-safe.
 *
 * @since 0.1.0
 */
public interface ThreadPoolBulkheadListener {

    /**
     * A call was accepted: it runs on a pool thread or waits in the queue. Reported on the submitting thread
     * after the pool took the call, so for a very short call {@link #onFinished} may be reported first.
     */
    default void onPermitted(ThreadPoolBulkhead bulkhead) {
    }

    /** Every thread was busy and the queue full: the call was not accepted. */
    default void onRejected(ThreadPoolBulkhead bulkhead) {
    }

    /** An accepted call ended: its stage completed, or it was cancelled (while queued or running). */
    default void onFinished(ThreadPoolBulkhead bulkhead) {
    }

    /**
     * A listener that turns this thread-pool bulkhead's callbacks into {@link dev.resilience.core.event.ResilienceEvent}s for
     * {@code consumer}. It reads the name and clock of the instance each callback names, so one listener can
     * follow every instance of a registry: {@code registry.addListener(ThreadPoolBulkheadListener.events(consumer))}. It builds no
     * event object for routine outcomes when {@link EventConsumer#routineEvents()} says so.
     */
    static ThreadPoolBulkheadListener events(EventConsumer consumer) {
        return new BulkheadEvents.ThreadPool(consumer);
    }
}
