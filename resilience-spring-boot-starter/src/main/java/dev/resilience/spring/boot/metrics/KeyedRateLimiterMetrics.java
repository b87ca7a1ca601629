package dev.resilience.spring.boot.metrics;

import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;

/**
 * The meters of every keyed rate limiter of a registry ({@code @RateLimit} with a {@code key}): ONE set of
 * meters per keyed limiter, whatever the number of keys, tagged {@code name} = the limiter's name and
 * {@code keyed} = {@code true}. The key value is never a tag: keys are unbounded and may be personal data.
 * <ul>
 *   <li>{@value RateLimiterMetrics#CALLS} (counter), tag {@code kind} = {@code permitted} or
 *       {@code rejected}, every key's decisions together;
 *   <li>{@value #KEYS} (gauge): keys held now (at most {@code max-keys}).
 * </ul>
 * There is no {@value RateLimiterMetrics#AVAILABLE_PERMISSIONS} gauge: each key has its own permits.
 *
 * <p>Per call: one {@code Counter.increment()} from the keyed limiter's listener callback.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class KeyedRateLimiterMetrics extends RegistryMeterBinder<KeyedRateLimiter> {

    /** Gauge: keys held by a keyed limiter. */
    public static final String KEYS = "resilience.ratelimiter.keys";

    /** The meters of one keyed rate limiter, tagged {@code keyed} = {@code true}: its descriptor's. */
    public static final InstanceMeterBinder<KeyedRateLimiter> INSTANCE_METERS =
            InstanceMeterBinder.tagged(KeyedRateLimiterMetrics::bind, "keyed", "true");

    /** Follows the keyed rate limiters of {@code registry}. */
    public KeyedRateLimiterMetrics(KeyedRateLimiterRegistry registry) {
        super(registry, INSTANCE_METERS);
    }

    private static void bind(KeyedRateLimiter limiter, InstanceMeters meters) {
        meters.gauge(KEYS, "Keys held by the keyed rate limiter (at most max-keys)", limiter, KeyedRateLimiter::size);
        RateLimiterMetrics.storeDegraded(meters, limiter, KeyedRateLimiter::storeInfo);
        meters.listen(limiter,
                PermitCounters.register(meters, RateLimiterMetrics.CALLS, RateLimiterMetrics.CALLS_DESCRIPTION));
    }
}
