package dev.resilience.bulkhead;

import dev.resilience.core.PatternInstance;
import dev.resilience.bulkhead.internal.DefaultThreadPoolBulkhead;
import dev.resilience.core.AsyncChain;
import dev.resilience.core.AsyncPolicy;
import dev.resilience.core.event.EventConsumer;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs calls on a bounded pool of its own threads with a bounded queue, isolating them from the caller's
 * threads: at most {@code max-thread-pool-size} calls start at once, {@code queue-capacity} more wait, and
 * beyond that a call is rejected with a {@link BulkheadFullException}. Always asynchronous: the caller gets a
 * {@link CompletionStage} at once.
 *
 * <p>{@link #executeCompletionStage} / {@link #executeAsync} hand the <em>start</em> of the call to the pool:
 * the supplier runs on a pool thread and its stage is passed on. {@link #submit(Callable)} and
 * {@link #submitSupplier(Supplier)} run a plain blocking call on a pool thread. It is an {@link AsyncPolicy},
 * not a {@link dev.resilience.core.Policy}: it has no synchronous entry point (use a semaphore {@link Bulkhead}
 * for synchronous calls), and it composes with other patterns in an {@link dev.resilience.core.AsyncPipeline}
 * ({@link dev.resilience.core.Pipeline.Builder#buildAsync()}); a synchronous {@code Pipeline} refuses it when
 * it is built.
 *
 * <p>Cancelling a returned stage removes a queued call from the queue, or cancels the running call's stage.
 * Pool threads are daemon threads named {@code resilience-bulkhead-<name>-N}. {@link #close()} shuts the pool
 * down (calls already accepted still run); a {@link ThreadPoolBulkheadRegistry} closes the bulkheads it removes.
 *
 * <p>Thread-safe.
 *
 * @see ThreadPoolBulkheadConfig
 * @see Bulkhead
 * @since 0.1.0
 */
public interface ThreadPoolBulkhead extends AsyncPolicy, PatternInstance<ThreadPoolBulkheadConfig, ThreadPoolBulkheadListener>, AutoCloseable {

    /** A thread-pool bulkhead named {@code name} with {@code config}; its threads start on demand. */
    static ThreadPoolBulkhead of(String name, ThreadPoolBulkheadConfig config) {
        return new DefaultThreadPoolBulkhead(name, config);
    }

    /** A thread-pool bulkhead named {@code name} with {@link ThreadPoolBulkheadConfig#ofDefaults()}. */
    static ThreadPoolBulkhead ofDefaults(String name) {
        return of(name, ThreadPoolBulkheadConfig.ofDefaults());
    }

    /** The current configuration. */
    ThreadPoolBulkheadConfig config();

    /**
     * Replaces the configuration in place; listeners stay. Pool sizes and keep-alive change on the running
     * pool. A different {@code queue-capacity} moves new calls to a fresh pool, and the old pool ends once the
     * calls it accepted are done.
     */
    void reconfigure(ThreadPoolBulkheadConfig config);

    /**
     * Starts {@code call} on a pool thread (or queues it) and returns its stage at once; the stage fails with a
     * {@link BulkheadFullException} when the pool and queue are full, or an {@link IllegalStateException}
     * after {@link #close()}.
     */
    @Override
    <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next);

    /** Runs the blocking {@code callable} on a pool thread; the stage completes with its result or exception. */
    <T> CompletionStage<T> submit(Callable<T> callable);

    /**
     * Runs the blocking {@code supplier} on a pool thread. A separate name from {@link #submit(Callable)},
     * because a lambda fits both types and the overload would be ambiguous.
     */
    <T> CompletionStage<T> submitSupplier(Supplier<T> supplier);

    /** Live figures of the pool. */
    Metrics metrics();

    /** Adds a listener; adding one twice notifies it twice. */
    void addListener(ThreadPoolBulkheadListener listener);

    /** Removes one registration of {@code listener}; returns whether it was registered. */
    boolean removeListener(ThreadPoolBulkheadListener listener);

    /**
     * Registers a listener that turns each notification into a {@link dev.resilience.core.event.ResilienceEvent}
     * (pattern {@code thread-pool-bulkhead}, types {@code CALL_PERMITTED}, {@code CALL_REJECTED},
     * {@code CALL_FINISHED}) for {@code consumer}, and returns it so it can be removed.
     */
    ThreadPoolBulkheadListener onEvent(EventConsumer consumer);

    /**
     * Shuts the pool down: no new calls are accepted; those already accepted (running or queued) still run.
     * Idempotent.
     */
    @Override
    void close();

    /** Live figures of the pool; a moment's snapshot under concurrent calls. */
    interface Metrics {

        /** Calls waiting in the queue. */
        int queueDepth();

        /** {@code queue-capacity}. */
        int queueCapacity();

        /** Free places in the queue. */
        int remainingQueueCapacity();

        /** Threads in the pool now. */
        int threadPoolSize();

        /** {@code core-thread-pool-size}. */
        int coreThreadPoolSize();

        /** {@code max-thread-pool-size}. */
        int maximumThreadPoolSize();

        /** Threads running a call now (approximate, as {@link java.util.concurrent.ThreadPoolExecutor} counts). */
        int activeThreadCount();
    }
}
