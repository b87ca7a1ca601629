package dev.resilience.bulkhead;

import dev.resilience.core.PatternInstance;
import dev.resilience.bulkhead.internal.DefaultBulkhead;
import dev.resilience.core.Policy;
import dev.resilience.core.event.EventConsumer;

/**
 * Limits how many calls run at once (a semaphore bulkhead): at most {@code max-concurrent-calls} calls are
 * inside; a call that finds no permit waits up to {@code max-wait-duration}, then is rejected with a
 * {@link BulkheadFullException} without being started.
 *
 * <p>The permit is given back on every path: success, exception, an interrupt while running, a timeout
 * outside the bulkhead (the interrupted call ends and releases), cancellation of an asynchronous call's stage.
 * A call interrupted while waiting takes no permit: it gets a {@link java.util.concurrent.CancellationException}
 * (cause: the {@link InterruptedException}) with its interrupt flag set again.
 *
 * <p><b>Cost.</b> With {@code max-wait-duration} zero a call takes its permit with one compare-and-set and
 * gives it back with one atomic add: no lock, no allocation. Waiting callers queue in arrival order
 * ({@code fair-call-handling}). Asynchronous calls ({@link #executeCompletionStage}) never block: a call
 * that has to wait sits in a queue, is started by the call that frees a permit (on that call's thread), and
 * fails at {@code max-wait-duration} from a task on the configured scheduler. Synchronous waiters are served
 * before asynchronous ones.
 *
 * <p>Thread-safe.
 *
 * @see BulkheadConfig
 * @see ThreadPoolBulkhead
 * @since 0.1.0
 */
public interface Bulkhead extends Policy, PatternInstance<BulkheadConfig, BulkheadListener> {

    /** A bulkhead named {@code name} with {@code config}. */
    static Bulkhead of(String name, BulkheadConfig config) {
        return new DefaultBulkhead(name, config);
    }

    /** A bulkhead named {@code name} with {@link BulkheadConfig#ofDefaults()} (25 calls, no waiting). */
    static Bulkhead ofDefaults(String name) {
        return of(name, BulkheadConfig.ofDefaults());
    }

    /** The current configuration. */
    BulkheadConfig config();

    /**
     * Replaces the configuration in place: permits in use, listeners and waiting calls stay. A larger
     * {@code max-concurrent-calls} admits waiting calls at once; a smaller one lets the calls inside finish and
     * admits new ones only once fewer than the new limit are inside.
     */
    void reconfigure(BulkheadConfig config);

    /**
     * Takes a permit if one is free, waiting up to {@code max-wait-duration} for one (FIFO when
     * {@code fair-call-handling}). Notifies {@link BulkheadListener#onPermitted} or
     * {@link BulkheadListener#onRejected}. Every {@code true} must be matched by exactly one
     * {@link #releasePermission()}.
     *
     * @return {@code true} when a permit was taken; {@code false} when none came free in time, or the thread
     *         was interrupted while waiting (its interrupt flag is then set again)
     */
    boolean tryAcquirePermission();

    /**
     * Takes a permit, waiting up to {@code max-wait-duration} for one. Must be matched by exactly one
     * {@link #releasePermission()}.
     *
     * @throws BulkheadFullException when no permit came free in time
     * @throws java.util.concurrent.CancellationException when the thread was interrupted while waiting (its
     *         interrupt flag is set again; the cause is the {@link InterruptedException})
     */
    void acquirePermission();

    /**
     * Gives back a permit taken with {@link #tryAcquirePermission()} or {@link #acquirePermission()}, and
     * notifies {@link BulkheadListener#onFinished}. Releasing a permit that was never taken raises the limit
     * for good: don't.
     */
    void releasePermission();

    /** Live figures of this bulkhead. */
    Metrics metrics();

    /** Adds a listener; adding one twice notifies it twice. */
    void addListener(BulkheadListener listener);

    /** Removes one registration of {@code listener}; returns whether it was registered. */
    boolean removeListener(BulkheadListener listener);

    /**
     * Registers a listener that turns each notification into a {@link dev.resilience.core.event.ResilienceEvent}
     * (pattern {@code bulkhead}, types {@code CALL_PERMITTED}, {@code CALL_REJECTED}, {@code CALL_FINISHED}) for
     * {@code consumer}, and returns it so it can be removed with {@link #removeListener}.
     */
    BulkheadListener onEvent(EventConsumer consumer);

    /**
     * Live figures (gauges {@code resilience.bulkhead.available.concurrent.calls} and
     * {@code resilience.bulkhead.max.allowed.concurrent.calls}). Reading them takes no lock; under concurrent
     * calls they are a moment's snapshot.
     */
    interface Metrics {

        /**
         * How many more calls could start now: {@code max-concurrent-calls} minus the calls inside. Never
         * negative: after {@code max-concurrent-calls} was lowered below the calls inside, it is 0 until
         * enough of them have finished.
         */
        int availableConcurrentCalls();

        /** {@code max-concurrent-calls}. */
        int maxAllowedConcurrentCalls();
    }
}
