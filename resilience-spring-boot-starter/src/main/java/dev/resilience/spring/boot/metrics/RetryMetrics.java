package dev.resilience.spring.boot.metrics;

import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryRegistry;

/**
 * The meters of every retry of a registry, tagged {@code name} = the retry's name:
 * {@value #CALLS} (counter), tag {@code kind} = {@code successful_without_retry},
 * {@code successful_with_retry}, {@code failed_without_retry}, {@code failed_with_retry}. A call counts once,
 * when it ends; "with retry" means it made more than one attempt (see {@link Retry.Metrics}).
 *
 * <p>The counters read the counts every retry already keeps ({@link Retry#metrics()}), so binding them adds
 * nothing at all to the call path: no listener is registered.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class RetryMetrics extends RegistryMeterBinder<Retry> {

    /** Counter of ended calls by outcome. */
    public static final String CALLS = "resilience.retry.calls";

    /** The meters of one retry: what the retry descriptor's {@code meterBinder()} gives. */
    public static final InstanceMeterBinder<Retry> INSTANCE_METERS = RetryMetrics::bind;

    /** Follows the retries of {@code registry}. */
    public RetryMetrics(RetryRegistry registry) {
        super(registry, INSTANCE_METERS);
    }

    private static void bind(Retry retry, InstanceMeters meters) {
        String description = "Calls through the retry that have ended, by outcome";
        meters.functionCounter(CALLS, description, retry, r -> r.metrics().successfulCallsWithoutRetry(),
                "kind", "successful_without_retry");
        meters.functionCounter(CALLS, description, retry, r -> r.metrics().successfulCallsWithRetry(),
                "kind", "successful_with_retry");
        meters.functionCounter(CALLS, description, retry, r -> r.metrics().failedCallsWithoutRetry(),
                "kind", "failed_without_retry");
        meters.functionCounter(CALLS, description, retry, r -> r.metrics().failedCallsWithRetry(),
                "kind", "failed_with_retry");
    }
}
