package dev.resilience.ratelimiter.spi;

import dev.resilience.core.internal.DurationFormat;
import dev.resilience.core.Ticker;
import dev.resilience.core.internal.Nanos;
import dev.resilience.ratelimiter.RateLimiterConfig;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The in-memory {@link RateLimiterStore}: one {@code long} updated by compare-and-set, no lock, no allocation,
 * no refresher thread. Use it through {@link RateLimiterStore#inMemory()}. It is public, beside the SPI, as the
 * reference the SPI's semantics are defined by: a store of another module can be checked against it, the
 * keyed limiter stamps each key with the reading it acquires at, and the shared store degrades to it.
 *
 * <h2>The algorithm</h2>
 * Number every permit the limiter will ever hand out: period {@code c} (counted from {@code origin}) owns the
 * permits {@code [c * limit, (c + 1) * limit)}. The whole state is {@code next}, the number of the first permit
 * nobody has taken yet. A request for {@code n} permits at time {@code now}, in period {@code c}:
 * <ol>
 *   <li>skips the permits of past periods that nobody took: {@code start = max(next, c * limit)} (this is the
 *       lazy refill);
 *   <li>takes {@code [start, start + n)} if they all belong to one period {@code k}, or else the first {@code n}
 *       permits of period {@code k + 1} (a request never straddles two periods, so no period ever hands out
 *       more than {@code limit});
 *   <li>if {@code k == c} the permits are granted now; otherwise the caller must wait until period {@code k}
 *       starts, and is rejected without reserving anything if that is longer than its timeout, with that wait
 *       as its accurate retry-after;
 *   <li>publishes {@code next = end} with one CAS, and starts over if another thread got there first.
 * </ol>
 * Reservations of later periods are simply a {@code next} beyond the current period, so later callers queue
 * behind them (first come, first served), and "permits left" is {@code (c + 1) * limit - start}, negative when
 * permits of later periods are promised.
 *
 * <h2>Stale readings</h2>
 * A caller's ticker reading can be older than the one behind the {@code next} it loads: it read the ticker just
 * before a period boundary and reached the CAS after another thread took a permit of the new period. With that
 * reading the new period looks like the future, so the caller would wait for it, or with no timeout be
 * rejected, although the period has begun and holds almost all its permits. So before rejecting or reserving
 * a wait, the caller reads the ticker once more: that reading comes after its load of {@code next}, hence after
 * the reading of whoever published it. If it lies in a later period, the caller starts over with it; otherwise
 * it only shortens the wait. Either way skew can only make the limiter stricter by the time between two
 * ticker reads, never grant more, and a grant now costs no extra read.
 *
 * <h2>Replacing the window</h2>
 * The numbering depends on {@code origin}, {@code limit} and {@code period}, which live with {@code next} in an
 * immutable-except-{@code next} {@link Window}. Reconfiguring (or re-basing the numbering long before it could
 * overflow, which only absurd rates ever need) <em>seals</em> the current window by swapping {@code SEALED}
 * into its {@code next}, builds the successor from the sealed value and publishes it. A thread that finds a
 * sealed window waits the few instructions until its successor is published and retries there, so no grant is
 * lost or doubled across the swap.
 */
public final class InMemoryRateLimiterStore implements RateLimiterStore {

    /** Creates in-memory stores; periods of a new store are cut from the moment it is created. */
    public static final RateLimiterStore.Factory FACTORY =
            (name, key, config) -> new InMemoryRateLimiterStore(config, config.ticker().read());

    static final long SEALED = Long.MIN_VALUE;

    private final Ticker ticker;
    private volatile Window window;

    /**
     * @param config the configuration, already validated
     * @param now the ticker's current reading: the start of the first period
     */
    public InMemoryRateLimiterStore(RateLimiterConfig config, long now) {
        this.ticker = config.ticker();
        this.window = new Window(now, config.limitForPeriod(), periodNanos(config), 0L);
    }

    @Override
    public long acquire(int permits, long timeoutNanos) {
        return acquire(ticker.read(), permits, timeoutNanos);
    }

    /**
     * {@link #acquire(int, long)} at a given ticker reading, for callers that read the ticker anyway (a keyed
     * limiter stamps each key's last use with the same reading).
     */
    public long acquire(long now, int permits, long timeoutNanos) {
        boolean freshReading = false;
        Window w = window;
        for (;;) {
            long next = w.next;
            if (next == SEALED) {
                w = successorOf(w);
                continue;
            }
            long elapsed = now - w.origin;
            if (elapsed < 0) {
                // Only after a re-base by a thread with a later reading; counting from the new origin is safe.
                elapsed = 0;
            }
            long period = w.period;
            // The period number changes once per period: reuse the last one if it still holds, since a
            // 64-bit division costs more than everything else here but the ticker read and the CAS.
            long cycle = w.cycleHint();
            long intoCycle = elapsed - cycle * period;
            if (intoCycle < 0 || intoCycle >= period) {
                cycle = elapsed / period;
                intoCycle = elapsed - cycle * period;
                w.cycleHint(cycle);
            }
            if (cycle > w.maxCycle) {
                w = rebase(w, now);
                continue;
            }
            long limit = w.limit;
            long floor = cycle * limit;
            long start = Math.max(next, floor);
            long end = start + permits;
            if (end <= floor + limit) {
                // The common case: the current period has the permits.
                if (w.compareAndSetNext(next, end)) {
                    return 0L;
                }
                continue;
            }
            if (!freshReading) {
                // Not grantable at this reading: make sure the reading is not older than the state (see above).
                freshReading = true;
                long again = ticker.read();
                long advanced = again - now;
                if (advanced > 0) {
                    now = again;
                    if (advanced >= period - intoCycle) {
                        continue; // a later period has begun: look again from there
                    }
                    intoCycle += advanced;
                }
            }
            long grantCycle = start / limit;
            if (start - grantCycle * limit + permits > limit) {
                grantCycle++;
                end = grantCycle * limit + permits;
            }
            long wait = Nanos.multiplySaturated(grantCycle - cycle, period) - intoCycle;
            if (wait > timeoutNanos) {
                return Acquisition.rejected(wait);
            }
            if (w.compareAndSetNext(next, end)) {
                return wait;
            }
        }
    }

    @Override
    public int availablePermissions() {
        long now = ticker.read();
        Window w = window;
        long next;
        while ((next = w.next) == SEALED) {
            w = successorOf(w);
        }
        long available = w.limit - used(next, Math.max(0L, now - w.origin) / w.period, w.limit);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, available));
    }

    @Override
    public synchronized void reconfigure(RateLimiterConfig config) {
        Window w = window;
        int limit = config.limitForPeriod();
        long period = periodNanos(config);
        if (limit == w.limit && period == w.period) {
            return;
        }
        long now = ticker.read();
        long sealed = w.seal();
        long cycle = Math.max(0L, now - w.origin) / w.period;
        long used = used(sealed, cycle, w.limit);
        long usedInCurrent = Math.min(used, w.limit);
        long reservedAhead = used - usedInCurrent;
        // The current period keeps what it used (up to the new limit); reservations beyond it stay promised.
        window = new Window(w.origin + cycle * w.period, limit, period, Math.min(usedInCurrent, limit) + reservedAhead);
    }

    private synchronized Window rebase(Window w, long now) {
        if (window != w) {
            return window;
        }
        long sealed = w.seal();
        long cycle = Math.max(0L, now - w.origin) / w.period;
        Window successor = new Window(w.origin + cycle * w.period, w.limit, w.period, used(sealed, cycle, w.limit));
        window = successor;
        return successor;
    }

    /**
     * Permits of period {@code cycle} and later already taken, {@code max(next - cycle * limit, 0)}, without
     * overflow for a {@code cycle} far beyond {@code maxCycle} (a limiter idle for very long).
     */
    private static long used(long next, long cycle, long limit) {
        return cycle > next / limit ? 0L : next - cycle * limit;
    }

    private Window successorOf(Window sealed) {
        Window current;
        while ((current = window) == sealed) {
            // The sealing thread publishes the successor a few instructions after sealing, under the lock.
            Thread.onSpinWait();
        }
        return current;
    }

    private static long periodNanos(RateLimiterConfig config) {
        return Nanos.saturated(config.limitRefreshPeriod());
    }

    @Override
    public String toString() {
        Window w = window;
        return "InMemoryRateLimiterStore[limit=" + w.limit + " per " + DurationFormat.formatNanos(w.period)
                + ", available=" + availablePermissions() + "]";
    }

    /** One numbering of permits; everything but {@code next} is fixed. */
    static final class Window {

        private static final VarHandle NEXT;
        private static final VarHandle CYCLE_HINT;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                NEXT = lookup.findVarHandle(Window.class, "next", long.class);
                CYCLE_HINT = lookup.findVarHandle(Window.class, "cycleHint", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long origin;
        final long limit;
        final long period;
        /** Beyond this period number, {@code period * limit} could come near overflow: re-base first. */
        final long maxCycle;
        volatile long next;
        /**
         * A recent period number, or any other: readers check it against their own reading before trusting it,
         * so racing writers are harmless. Accessed opaquely (no fence, no tearing).
         */
        @SuppressWarnings("unused") // accessed through CYCLE_HINT
        private long cycleHint;

        Window(long origin, long limit, long period, long next) {
            this.origin = origin;
            this.limit = limit;
            this.period = period;
            this.maxCycle = (Long.MAX_VALUE >> 2) / limit;
            this.next = next;
        }

        boolean compareAndSetNext(long expected, long value) {
            return NEXT.compareAndSet(this, expected, value);
        }

        long cycleHint() {
            return (long) CYCLE_HINT.getOpaque(this);
        }

        void cycleHint(long cycle) {
            CYCLE_HINT.setOpaque(this, cycle);
        }

        long seal() {
            return (long) NEXT.getAndSet(this, SEALED);
        }
    }
}
