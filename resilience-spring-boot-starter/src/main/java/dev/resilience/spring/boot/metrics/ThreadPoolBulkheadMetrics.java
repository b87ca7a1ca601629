package dev.resilience.spring.boot.metrics;

import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;

/**
 * The meters of every thread-pool bulkhead of a registry. They share the bulkhead meter names, tagged
 * {@code name} = the bulkhead's name and {@code type} = {@code thread-pool} (semaphore bulkheads carry
 * {@code type} = {@code semaphore}), so one query sees every bulkhead and a semaphore and a thread-pool
 * bulkhead of the same name never share a meter:
 * <ul>
 *   <li>{@value BulkheadMetrics#MAX_ALLOWED_CONCURRENT_CALLS} (gauge): the most calls it holds at once,
 *       {@code max-thread-pool-size + queue-capacity};
 *   <li>{@value BulkheadMetrics#AVAILABLE_CONCURRENT_CALLS} (gauge): how many more it could accept now, that
 *       maximum minus the running and queued calls (never negative);
 *   <li>{@value BulkheadMetrics#CALLS} (counter), tag {@code kind} = {@code permitted} (accepted: running or
 *       queued) or {@code rejected} (every thread busy and the queue full);
 *   <li>the pool's own gauges: {@value #QUEUE_DEPTH}, {@value #QUEUE_CAPACITY}, {@value #THREAD_POOL_SIZE},
 *       {@value #CORE_THREAD_POOL_SIZE}, {@value #MAX_THREAD_POOL_SIZE}, {@value #ACTIVE_THREAD_COUNT}.
 * </ul>
 *
 * <p>Per call: one {@code Counter.increment()} from the bulkhead's listener callback.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class ThreadPoolBulkheadMetrics extends RegistryMeterBinder<ThreadPoolBulkhead> {

    /** Gauge: calls waiting in the queue. */
    public static final String QUEUE_DEPTH = "resilience.bulkhead.queue.depth";

    /** Gauge: {@code queue-capacity}. */
    public static final String QUEUE_CAPACITY = "resilience.bulkhead.queue.capacity";

    /** Gauge: threads in the pool now. */
    public static final String THREAD_POOL_SIZE = "resilience.bulkhead.thread.pool.size";

    /** Gauge: {@code core-thread-pool-size}. */
    public static final String CORE_THREAD_POOL_SIZE = "resilience.bulkhead.core.thread.pool.size";

    /** Gauge: {@code max-thread-pool-size}. */
    public static final String MAX_THREAD_POOL_SIZE = "resilience.bulkhead.max.thread.pool.size";

    /** Gauge: threads running a call now. */
    public static final String ACTIVE_THREAD_COUNT = "resilience.bulkhead.active.thread.count";

    /** The meters of one thread-pool bulkhead, tagged {@code type} = {@code thread-pool}: its descriptor's. */
    public static final InstanceMeterBinder<ThreadPoolBulkhead> INSTANCE_METERS =
            InstanceMeterBinder.tagged(ThreadPoolBulkheadMetrics::bind, "type", "thread-pool");

    /** Follows the thread-pool bulkheads of {@code registry}. */
    public ThreadPoolBulkheadMetrics(ThreadPoolBulkheadRegistry registry) {
        super(registry, INSTANCE_METERS);
    }

    private static void bind(ThreadPoolBulkhead bulkhead, InstanceMeters meters) {
        meters.gauge(BulkheadMetrics.AVAILABLE_CONCURRENT_CALLS, "Calls that could be accepted now", bulkhead,
                ThreadPoolBulkheadMetrics::available);
        meters.gauge(BulkheadMetrics.MAX_ALLOWED_CONCURRENT_CALLS,
                "The most calls held at once (max-thread-pool-size + queue-capacity)", bulkhead,
                ThreadPoolBulkheadMetrics::maxAllowed);
        meters.gauge(QUEUE_DEPTH, "Calls waiting in the queue", bulkhead, b -> b.metrics().queueDepth());
        meters.gauge(QUEUE_CAPACITY, "Queue capacity", bulkhead, b -> b.metrics().queueCapacity());
        meters.gauge(THREAD_POOL_SIZE, "Threads in the pool", bulkhead, b -> b.metrics().threadPoolSize());
        meters.gauge(CORE_THREAD_POOL_SIZE, "Core thread pool size", bulkhead,
                b -> b.metrics().coreThreadPoolSize());
        meters.gauge(MAX_THREAD_POOL_SIZE, "Maximum thread pool size", bulkhead,
                b -> b.metrics().maximumThreadPoolSize());
        meters.gauge(ACTIVE_THREAD_COUNT, "Threads running a call", bulkhead, b -> b.metrics().activeThreadCount());
        meters.listen(bulkhead,
                PermitCounters.register(meters, BulkheadMetrics.CALLS, BulkheadMetrics.CALLS_DESCRIPTION));
    }

    private static double maxAllowed(ThreadPoolBulkhead bulkhead) {
        ThreadPoolBulkhead.Metrics metrics = bulkhead.metrics();
        return (double) metrics.maximumThreadPoolSize() + metrics.queueCapacity();
    }

    private static double available(ThreadPoolBulkhead bulkhead) {
        ThreadPoolBulkhead.Metrics metrics = bulkhead.metrics();
        long held = (long) metrics.activeThreadCount() + metrics.queueDepth();
        return Math.max(0, (long) metrics.maximumThreadPoolSize() + metrics.queueCapacity() - held);
    }
}
