package dev.resilience.store;

import dev.resilience.core.internal.Nanos;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.spi.Acquisition;
import dev.resilience.ratelimiter.spi.InMemoryRateLimiterStore;
import dev.resilience.ratelimiter.spi.RateLimiterStore;
import dev.resilience.store.spi.LimiterReply;


/**
 * One rate limiter (or one key of a keyed one) on a {@link SharedStore}: every acquisition is one atomic
 * operation in the store, waited for at most the store's timeout.
 *
 * <p>While the store is unreachable, acquisitions are answered by a local in-memory limiter created at the
 * start of the outage with this instance's share of the limit, {@code max(1, limit-for-period / fleet size)},
 * so that the fleet as a whole stays near the limit instead of granting it once per instance (with
 * {@link OutagePolicy#FAIL_CLOSED}: every acquisition is rejected, retry after one poll interval).
 */
final class SharedRateLimiterStore implements RateLimiterStore {

    private final SharedStore shared;
    private final String name;
    private final String key;
    private volatile RateLimiterConfig config;
    private volatile int limit;
    private volatile long periodNanos;
    private volatile int available;
    /** The local limiter of the current outage, and the outage it belongs to. */
    private volatile Fallback fallback;

    SharedRateLimiterStore(SharedStore shared, String name, String key, RateLimiterConfig config) {
        this.shared = shared;
        this.name = name;
        this.key = key;
        apply(config);
        this.available = config.limitForPeriod();
    }

    private void apply(RateLimiterConfig config) {
        this.config = config;
        this.limit = config.limitForPeriod();
        this.periodNanos = Math.max(1L, Nanos.saturated(config.limitRefreshPeriod()));
    }

    @Override
    public long acquire(int permits, long timeoutNanos) {
        SharedStore s = shared;
        if (!s.degraded) {
            int l = limit;
            long p = periodNanos;
            try {
                LimiterReply reply = s.await(() -> s.backend.acquirePermits(name, key, permits, timeoutNanos, l, p));
                available = reply.availablePermissions();
                return reply.decision();
            } catch (StoreUnavailable unavailable) {
                // Degraded now (or this caller was interrupted): answer locally.
            }
        }
        if (s.failClosed) {
            return Acquisition.rejected(s.pollNanos);
        }
        return local().acquire(permits, timeoutNanos);
    }

    private Fallback local() {
        Fallback f = fallback;
        int outage = shared.outage;
        if (f != null && f.outage == outage) {
            return f;
        }
        synchronized (this) {
            f = fallback;
            if (f == null || f.outage != outage) {
                f = new Fallback(outage, config, shared.fleetSize());
                fallback = f;
            }
            return f;
        }
    }

    @Override
    public int availablePermissions() {
        Fallback f = fallback;
        return shared.degraded && f != null ? f.store.availablePermissions() : available;
    }

    @Override
    public void reconfigure(RateLimiterConfig config) {
        apply(config);
        Fallback f = fallback;
        if (f != null) {
            f.reconfigure(config, shared.fleetSize());
        }
    }

    @Override
    public StoreInfo info() {
        return shared.info();
    }

    @Override
    public String toString() {
        return "SharedRateLimiterStore[" + name + (key == null ? "" : " key " + key) + ", " + shared.info() + "]";
    }

    /** The in-memory limiter that stands in during one outage, with this instance's share of the limit. */
    private static final class Fallback {

        final int outage;
        final InMemoryRateLimiterStore store;
        volatile int share;
        volatile long periodNanos;

        Fallback(int outage, RateLimiterConfig config, int fleetSize) {
            this.outage = outage;
            this.periodNanos = Math.max(1L, Nanos.saturated(config.limitRefreshPeriod()));
            this.share = share(config, fleetSize);
            this.store = new InMemoryRateLimiterStore(withLimit(config, share), config.ticker().read());
        }

        long acquire(int permits, long timeoutNanos) {
            if (permits > share) {
                // More than this instance's share can ever grant in one period.
                return Acquisition.rejected(periodNanos);
            }
            return store.acquire(permits, timeoutNanos);
        }

        void reconfigure(RateLimiterConfig config, int fleetSize) {
            share = share(config, fleetSize);
            periodNanos = Math.max(1L, Nanos.saturated(config.limitRefreshPeriod()));
            store.reconfigure(withLimit(config, share));
        }

        private static int share(RateLimiterConfig config, int fleetSize) {
            return Math.max(1, config.limitForPeriod() / Math.max(1, fleetSize));
        }

        private static RateLimiterConfig withLimit(RateLimiterConfig config, int limit) {
            return RateLimiterConfig.from(config).limitForPeriod(limit).build();
        }
    }
}
