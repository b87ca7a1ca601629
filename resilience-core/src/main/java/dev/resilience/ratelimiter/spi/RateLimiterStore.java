package dev.resilience.ratelimiter.spi;

import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.store.StoreInfo;

/**
 * Where one rate limiter (or one key of a keyed rate limiter) keeps its state: how many permits of the
 * current period are used, and how many of later periods are already reserved by waiting callers.
 *
 * <p>The limiter keeps everything else (waiting, listeners, exceptions); a store only answers one question,
 * "may I have {@code n} permits within {@code timeout}, and if so, how long must I wait?", atomically. That
 * question is shaped so a remote store answers it in <b>one round trip</b>: a Redis implementation runs one
 * Lua script that reads the window, takes the permits (or not) and returns the {@link Acquisition}.
 *
 * <p><b>Semantics every implementation must keep</b> (the in-memory one defines them):
 * <ul>
 *   <li>Time is cut into periods of {@code limit-refresh-period}; each period has {@code limit-for-period}
 *       permits. Permits not used in a period are lost; they do not carry over.
 *   <li>A request for {@code n} permits is granted at once when the current period has {@code n} left and no
 *       earlier caller holds a reservation of a later period; otherwise it is granted in the first period
 *       that still has {@code n} permits after every earlier reservation (first come, first served), and the
 *       answer is the wait until that period starts.
 *   <li>When that wait exceeds the given timeout nothing is reserved, and the answer is a rejection carrying
 *       the wait as the time after which to retry.
 *   <li>Never more than {@code limit-for-period} permits belong to one period.
 * </ul>
 *
 * <p>A remote store need not copy the in-memory representation (one ever-growing permit number). Two small
 * values per limiter, the start of the period of the last grant and the permits taken from that period
 * onwards, carry the same information and stay far below 2<sup>53</sup> (Lua numbers are doubles). It should
 * read the time on the server (Redis {@code TIME}) so that all application instances agree on the periods,
 * and let the state expire once {@code limit-refresh-period} plus {@code timeout-duration} have passed unused.
 *
 * <p>Implementations are thread-safe. Stores are created per limiter by a {@link Factory}, chosen with
 * {@link RateLimiterConfig.Builder#store(Factory)}.
 *
 * @since 0.1.0
 */
public interface RateLimiterStore {

    /**
     * Takes {@code permits} permits now, or reserves them in a later period if the wait for that period is at
     * most {@code timeoutNanos}.
     *
     * @param permits how many permits, {@code 1 <= permits <= limit-for-period} (the limiter checks this)
     * @param timeoutNanos the longest acceptable wait in nanoseconds, {@code >= 0}; {@code 0} = only now
     * @return the decision, encoded as described in {@link Acquisition}
     */
    long acquire(int permits, long timeoutNanos);

    /**
     * The permits left in the current period; negative when callers hold reservations of later periods (then
     * the magnitude is how many permits they reserved beyond the current period). For metrics: the value may be
     * stale by the time it is returned, and a remote store may answer from a cache.
     */
    int availablePermissions();

    /**
     * Applies a new configuration in place. The permits already used in the current period stay used; if
     * {@code limit-for-period} or {@code limit-refresh-period} changed, the current period is re-cut to the
     * new values from its start. Acquisitions that start after this call use the new values.
     *
     * @param config the new configuration, already validated
     */
    void reconfigure(RateLimiterConfig config);

    /**
     * Where the state is kept, and whether this limiter currently runs on local state because a shared store
     * is unreachable. The in-memory store answers {@link StoreInfo#memory()}.
     */
    default StoreInfo info() {
        return StoreInfo.memory();
    }

    /**
     * The in-memory store: lock-free, allocation-free, O(1) per acquisition, time from the configuration's
     * {@link dev.resilience.core.Ticker}. The default.
     */
    static Factory inMemory() {
        return InMemoryRateLimiterStore.FACTORY;
    }

    /**
     * Creates the store behind one limiter. Implementations are thread-safe.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    interface Factory {

        /**
         * Creates the state of one limiter.
         *
         * @param name the limiter's name
         * @param key the key, for one key of a {@link dev.resilience.ratelimiter.KeyedRateLimiter}; {@code null}
         *     for a plain limiter. A remote store makes it part of its storage key.
         * @param config the configuration, already validated
         * @return a new store
         */
        RateLimiterStore create(String name, Object key, RateLimiterConfig config);

        /** What the stores this factory creates are: {@link StoreInfo#memory()} unless overridden. */
        default StoreInfo info() {
            return StoreInfo.memory();
        }
    }
}
