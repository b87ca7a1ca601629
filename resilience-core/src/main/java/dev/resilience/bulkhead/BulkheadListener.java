package dev.resilience.bulkhead;

import dev.resilience.core.event.EventConsumer;

/**
 * Told about the calls a {@link Bulkhead} admits and rejects. Every method has a no-op default, so a metrics
 * listener ({@code resilience.bulkhead.calls}, kinds {@code permitted} and {@code rejected}) allocates nothing.
 *
 * <p>Called on the thread that acquired or released the permit. A listener that throws is logged and
 * ignored; it never breaks the call. Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface BulkheadListener {

    /** A call got a permit and starts. */
    default void onPermitted(Bulkhead bulkhead) {
    }

    /** A call found no permit (after waiting up to {@code max-wait-duration}) and was not started. */
    default void onRejected(Bulkhead bulkhead) {
    }

    /** A permitted call ended (in any way) and gave its permit back. */
    default void onFinished(Bulkhead bulkhead) {
    }

    /**
     * A listener that turns this bulkhead's callbacks into {@link dev.resilience.core.event.ResilienceEvent}s for
     * {@code consumer}. It reads the name and clock of the instance each callback names, so one listener can
     * follow every instance of a registry: {@code registry.addListener(BulkheadListener.events(consumer))}. It builds no
     * event object for routine outcomes when {@link EventConsumer#routineEvents()} says so.
     */
    static BulkheadListener events(EventConsumer consumer) {
        return new BulkheadEvents.Semaphore(consumer);
    }
}
