package dev.resilience.spring.boot.metrics;

import java.util.function.Function;

import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.store.StoreInfo;

/**
 * The meters of every (plain, not keyed) rate limiter of a registry, tagged {@code name} = the limiter's name
 * and {@code keyed} = {@code false} (keyed limiters carry {@code keyed} = {@code true}, see
 * {@link KeyedRateLimiterMetrics}, so a plain and a keyed limiter of the same name never share a meter):
 * <ul>
 *   <li>{@value #AVAILABLE_PERMISSIONS} (gauge): permits left in the current period; negative when waiting
 *       callers reserved permits of later periods;
 *   <li>{@value #WAITING_THREADS} (gauge): threads waiting for a permit;
 *   <li>{@value #CALLS} (counter), tag {@code kind} = {@code permitted} or {@code rejected}: one per decision
 *       (a call asking for several permits counts once);
 *   <li>{@value #STORE_DEGRADED} (gauge), tag {@code store}: 1 while a shared store is unreachable.
 * </ul>
 *
 * <p>Per call: one {@code Counter.increment()} from the limiter's listener callback.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class RateLimiterMetrics extends RegistryMeterBinder<RateLimiter> {

    /** Gauge: permits left in the current period. */
    public static final String AVAILABLE_PERMISSIONS = "resilience.ratelimiter.available.permissions";

    /** Gauge: threads waiting for a permit. */
    public static final String WAITING_THREADS = "resilience.ratelimiter.waiting.threads";

    /** Counter of calls permitted and rejected. */
    public static final String CALLS = "resilience.ratelimiter.calls";

    /**
     * Gauge: 1 while the limiter's shared store is unreachable and it grants from its local share, else 0; tag
     * {@code store} = {@code memory}, {@code redis} or {@code jdbc}. Also for keyed limiters.
     */
    public static final String STORE_DEGRADED = "resilience.ratelimiter.store.degraded";

    /** The meters of one plain rate limiter, tagged {@code keyed} = {@code false}: its descriptor's. */
    public static final InstanceMeterBinder<RateLimiter> INSTANCE_METERS =
            InstanceMeterBinder.tagged(RateLimiterMetrics::bind, "keyed", "false");

    static final String CALLS_DESCRIPTION = "Calls through the rate limiter, permitted or rejected";

    /** Follows the plain rate limiters of {@code registry}. */
    public RateLimiterMetrics(RateLimiterRegistry registry) {
        super(registry, INSTANCE_METERS);
    }

    private static void bind(RateLimiter limiter, InstanceMeters meters) {
        storeDegraded(meters, limiter, RateLimiter::storeInfo);
        meters.gauge(AVAILABLE_PERMISSIONS, "Permits left in the current period", limiter,
                l -> l.metrics().availablePermissions());
        meters.gauge(WAITING_THREADS, "Threads waiting for a permit", limiter,
                l -> l.metrics().numberOfWaitingThreads());
        meters.listen(limiter, PermitCounters.register(meters, CALLS, CALLS_DESCRIPTION));
    }

    /** The store-degraded gauge of a plain or keyed limiter. */
    static <T> void storeDegraded(InstanceMeters meters, T limiter, Function<T, StoreInfo> storeInfo) {
        meters.gauge(STORE_DEGRADED, "1 while the shared store is unreachable and the limiter runs on local state",
                limiter, l -> storeInfo.apply(l).isDegraded() ? 1 : 0, "store", storeInfo.apply(limiter).type());
    }
}
