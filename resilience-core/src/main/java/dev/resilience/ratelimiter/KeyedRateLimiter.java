package dev.resilience.ratelimiter;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.ratelimiter.internal.DefaultKeyedRateLimiter;

/**
 * One rate limit per key: per user, per tenant, per client IP. Every key gets its own
 * {@code limit-for-period} per {@code limit-refresh-period}, with one configuration for all keys.
 *
 * <pre>{@code
 * KeyedRateLimiter perUser = KeyedRateLimiter.of("api", RateLimiterConfig.builder()
 *         .limitForPeriod(10)
 *         .maxKeys(100_000)
 *         .build());
 * if (!perUser.tryAcquirePermission(userId)) {
 *     return tooManyRequests();
 * }
 * Order order = perUser.limiterFor(userId).executeSupplier(() -> service.order(userId));
 * }</pre>
 *
 * <h2>Memory is bounded, and a limit is never reset early</h2>
 * At most {@code max-keys} keys are held. A new key beyond that evicts the least recently used key (the one
 * least recently asked for a permit) <em>at rest</em>: past its first period, with nothing taken in its current
 * period and nothing reserved ahead, so that its limiter, forgotten, is no different from a new one. A key that
 * took permits in its current period is never evicted, so no client can win a fresh limit by sending
 * {@code max-keys} made-up keys. When no held key is at rest, the new key is not held: it is served by one
 * overflow limiter with the per-key limit, shared by every key that could not be held, until a held key comes
 * to rest. Keys beyond {@code max-keys} thus get one key's limit between them, never one each; size
 * {@code max-keys} above the number of keys active within one period. Eviction is exact least-recently-used up
 * to 16 keys, and an approximation above: the least recently used of 16 keys sampled at random (as Redis
 * does), so with many keys a new key may go to the overflow limiter while some unsampled key is at rest. That
 * keeps lookups lock-free: only adding a key takes a lock, never using one. Recency is read from the
 * configuration's {@link dev.resilience.core.Ticker}, which the limiter reads anyway. With a shared store the
 * count of a key lives in the store, so any key may be evicted (a new limiter of the key finds its count
 * there) and there is no overflow.
 *
 * <h2>Names and events</h2>
 * The limiter of each key has the keyed limiter's {@link #name()}; the key is never part of a name, a metric
 * tag or an event, since keys are unbounded and may be personal data. Listeners are added to the keyed limiter
 * and hear every key's decisions.
 *
 * <p>Thread-safe. Keys must have a stable {@code equals}/{@code hashCode}, as for a {@code HashMap}.
 *
 * @see RateLimiterRegistry#keyed(String)
 * @since 0.1.0
 */
public interface KeyedRateLimiter extends PatternInstance<RateLimiterConfig, RateLimiterListener> {

    /**
     * A new keyed rate limiter.
     *
     * @param name the instance name, as in {@code resilience.rate-limiter.instances.<name>}
     * @param config the configuration of every key; {@code max-keys} bounds how many keys are held
     */
    static KeyedRateLimiter of(String name, RateLimiterConfig config) {
        return new DefaultKeyedRateLimiter(name, config);
    }

    /** A new keyed rate limiter with {@link RateLimiterConfig#ofDefaults() the default configuration}. */
    static KeyedRateLimiter ofDefaults(String name) {
        return of(name, RateLimiterConfig.ofDefaults());
    }

    /** The instance name, shared by every key's limiter. */
    String name();

    /** The configuration of every key. */
    RateLimiterConfig config();

    /**
     * Applies {@code config} to every key, in place (see {@link RateLimiter#reconfigure}). A lower
     * {@code max-keys} evicts keys at once. Changing the ticker or the store forgets every key.
     */
    void reconfigure(RateLimiterConfig config);

    /**
     * The limiter of {@code key}, created on first use. Use it like any {@link RateLimiter}, for example in a
     * {@link dev.resilience.core.Pipeline}; each permit asked of it counts as a use of the key for
     * eviction (looking it up does not). Its
     * {@link RateLimiter#reconfigure reconfigure}, {@link RateLimiter#addListener addListener} and
     * {@link RateLimiter#onEvent onEvent} throw {@link UnsupportedOperationException}: configure and listen on
     * the keyed limiter. A limiter held after its key was evicted keeps working on its own, outside this
     * keyed limiter; look it up again per call rather than keeping it. A key that cannot be held (see above)
     * gets the overflow limiter, shared with every other such key.
     *
     * @throws NullPointerException when {@code key} is {@code null}
     */
    RateLimiter limiterFor(Object key);

    /**
     * Takes one permit of {@code key} if its current period has one left; never waits.
     *
     * @throws NullPointerException when {@code key} is {@code null}
     */
    boolean tryAcquirePermission(Object key);

    /**
     * Takes {@code permits} permits of {@code key} if its current period has that many left; never waits.
     *
     * @throws IllegalArgumentException when {@code permits} is not between 1 and {@code limit-for-period}
     * @throws NullPointerException when {@code key} is {@code null}
     */
    boolean tryAcquirePermission(Object key, int permits);

    /**
     * Takes one permit of {@code key}, waiting up to {@code timeout-duration}, as
     * {@link RateLimiter#acquirePermission()}.
     *
     * @throws RateLimitExceededException when no permit can be had within {@code timeout-duration}
     * @throws NullPointerException when {@code key} is {@code null}
     */
    void acquirePermission(Object key);

    /** How many keys are held now; at most {@code max-keys}. */
    int size();

    /**
     * Where this limiter keeps its state ({@code store}: memory, redis, jdbc) and whether it currently runs on
     * local state because its shared store is unreachable.
     */
    default dev.resilience.store.StoreInfo storeInfo() {
        return dev.resilience.store.StoreInfo.memory();
    }

    /** Adds a listener that hears every key's decisions. */
    void addListener(RateLimiterListener listener);

    /** Removes one registration of {@code listener}; does nothing if it is not registered. */
    boolean removeListener(RateLimiterListener listener);

    /**
     * Builds a {@link dev.resilience.core.event.ResilienceEvent} for every key's decisions, as
     * {@link RateLimiter#onEvent}; the events carry the keyed limiter's name, not the key.
     *
     * @return the registered listener, to pass to {@link #removeListener} later
     */
    RateLimiterListener onEvent(EventConsumer consumer);
}
