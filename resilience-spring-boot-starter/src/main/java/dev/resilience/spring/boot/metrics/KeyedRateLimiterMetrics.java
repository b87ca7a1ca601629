package dev.resilience.spring.boot.metrics;

import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import io.micrometer.core.instrument.Tags;

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

    /** Follows the keyed rate limiters of {@code registry}. */
    public KeyedRateLimiterMetrics(KeyedRateLimiterRegistry registry) {
        super(registry);
    }

    @Override
    protected String name(KeyedRateLimiter limiter) {
        return limiter.name();
    }

    @Override
    protected Tags tags(KeyedRateLimiter limiter) {
        return super.tags(limiter).and("keyed", "true");
    }

    @Override
    protected void bind(KeyedRateLimiter limiter, InstanceMeters meters) {
        meters.gauge(KEYS, "Keys held by the keyed rate limiter (at most max-keys)", limiter, KeyedRateLimiter::size);
        meters.gauge(RateLimiterMetrics.STORE_DEGRADED,
                "1 while the shared store is unreachable and the limiter runs on local state", limiter,
                l -> l.storeInfo().isDegraded() ? 1 : 0, "store", limiter.storeInfo().type());
        RateLimiterMetrics.Listener listener = RateLimiterMetrics.listener(meters);
        limiter.addListener(listener);
        meters.onUnbind(() -> limiter.removeListener(listener));
    }
}
