package dev.resilience.spring.boot.metrics;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadRegistry;

/**
 * The meters of every semaphore bulkhead of a registry, tagged {@code name} = the bulkhead's name and
 * {@code type} = {@code semaphore} (thread-pool bulkheads share the meter names with {@code type} =
 * {@code thread-pool}, see {@link ThreadPoolBulkheadMetrics}):
 * <ul>
 *   <li>{@value #AVAILABLE_CONCURRENT_CALLS} (gauge): how many more calls could start now;
 *   <li>{@value #MAX_ALLOWED_CONCURRENT_CALLS} (gauge): {@code max-concurrent-calls};
 *   <li>{@value #CALLS} (counter), tag {@code kind} = {@code permitted} or {@code rejected}.
 * </ul>
 *
 * <p>Per call: one {@code Counter.increment()} from the bulkhead's listener callback.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class BulkheadMetrics extends RegistryMeterBinder<Bulkhead> {

    /** Gauge: calls that could start now. */
    public static final String AVAILABLE_CONCURRENT_CALLS = "resilience.bulkhead.available.concurrent.calls";

    /** Gauge: the most calls allowed at once. */
    public static final String MAX_ALLOWED_CONCURRENT_CALLS = "resilience.bulkhead.max.allowed.concurrent.calls";

    /** Counter of calls permitted and rejected. */
    public static final String CALLS = "resilience.bulkhead.calls";

    /** The meters of one bulkhead, tagged {@code type} = {@code semaphore}: the bulkhead descriptor's. */
    public static final InstanceMeterBinder<Bulkhead> INSTANCE_METERS =
            InstanceMeterBinder.tagged(BulkheadMetrics::bind, "type", "semaphore");

    static final String CALLS_DESCRIPTION = "Calls through the bulkhead, permitted or rejected";

    /** Follows the bulkheads of {@code registry}. */
    public BulkheadMetrics(BulkheadRegistry registry) {
        super(registry, INSTANCE_METERS);
    }

    private static void bind(Bulkhead bulkhead, InstanceMeters meters) {
        meters.gauge(AVAILABLE_CONCURRENT_CALLS, "Calls that could start now", bulkhead,
                b -> b.metrics().availableConcurrentCalls());
        meters.gauge(MAX_ALLOWED_CONCURRENT_CALLS, "The most calls allowed at once (max-concurrent-calls)", bulkhead,
                b -> b.metrics().maxAllowedConcurrentCalls());
        meters.listen(bulkhead, PermitCounters.register(meters, CALLS, CALLS_DESCRIPTION));
    }
}
