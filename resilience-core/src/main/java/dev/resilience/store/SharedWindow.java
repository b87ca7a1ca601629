package dev.resilience.store;

import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.spi.SlidingWindow;
import dev.resilience.circuitbreaker.spi.WindowSnapshot;
import dev.resilience.store.spi.OutcomeCounts;

import java.util.concurrent.atomic.LongAdder;

/**
 * The window of one period of a shared breaker.
 *
 * <p>{@link #record} is the hot path: the outcome goes into a local in-memory window (the breaker decides on it
 * while the store is unreachable) and into one of four striped counters, one per kind of outcome (so each call
 * touches exactly one, and the four deltas of a batch are consistent by construction). While the store is
 * reachable it returns {@link #NO_RATES}: decisions are taken on the fleet's totals that each flush answers,
 * from the store's thread. Nothing here blocks or does I/O on the caller's thread.
 *
 * <p>The flush state ({@link #sent}, {@link #inFlight}, {@link #lastFleetReadNanos}) is touched by the store's
 * thread only.
 */
final class SharedWindow implements SlidingWindow {

    static final long UNBOUND = Long.MIN_VALUE;

    final SharedCircuitBreakerStore owner;
    final CircuitBreakerConfig.SlidingWindowType type;
    final int size;
    final int minimumNumberOfCalls;
    private final SlidingWindow local;
    /** Counters by outcome code: SUCCESS, FAILURE, SLOW, FAILURE | SLOW. */
    private final LongAdder[] outcomes = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
    /** The remote epoch this window's outcomes belong to; set once, before the window's period is published. */
    volatile long epoch = UNBOUND;
    /** A HALF_OPEN trial window: outcomes are sent at once. */
    volatile boolean trial;
    /** The fleet's totals at the last flush, or {@code null} before the first. */
    private volatile WindowSnapshot fleet;

    private final long[] sent = new long[4];
    boolean inFlight;
    long lastFleetReadNanos;

    SharedWindow(SharedCircuitBreakerStore owner, CircuitBreakerConfig.SlidingWindowType type, int size,
            int minimumNumberOfCalls, SlidingWindow local) {
        this.owner = owner;
        this.type = type;
        this.size = size;
        this.minimumNumberOfCalls = minimumNumberOfCalls;
        this.local = local;
    }

    @Override
    public long record(int outcome, long nowNanos) {
        long localRates = local.record(outcome, nowNanos);
        outcomes[outcome & 3].increment();
        if (owner.shared.degraded) {
            return localRates;
        }
        if (trial) {
            owner.flushSoon();
        }
        return NO_RATES;
    }

    @Override
    public WindowSnapshot snapshot(long nowNanos) {
        WindowSnapshot totals = fleet;
        return totals == null || owner.shared.degraded ? local.snapshot(nowNanos) : totals;
    }

    boolean isBound() {
        return epoch != UNBOUND;
    }

    /** Binds the window to remote epoch {@code remoteEpoch} unless it already is bound. */
    void bindIfUnbound(long remoteEpoch, boolean trialWindow) {
        if (epoch == UNBOUND) {
            trial = trialWindow;
            epoch = remoteEpoch;
        }
    }

    /** Moves the window to another remote epoch (its period was written back after an outage); drops pending outcomes. */
    void rebind(long remoteEpoch, boolean trialWindow) {
        trial = trialWindow;
        epoch = remoteEpoch;
        fleet = null;
        discardPending();
    }

    /** Store thread: takes the outcomes recorded since the last batch; never more than {@code size} for a count window. */
    OutcomeCounts drain() {
        long[] delta = new long[4];
        long calls = 0;
        for (int code = 0; code < 4; code++) {
            long total = outcomes[code].sum();
            delta[code] = total - sent[code];
            sent[code] = total;
            calls += delta[code];
        }
        if (type == CircuitBreakerConfig.SlidingWindowType.COUNT_BASED && calls > size) {
            // Only the last `size` outcomes could survive in the window: keep the batch's proportions.
            long kept = 0;
            for (int code = 1; code < 4; code++) {
                delta[code] = delta[code] * size / calls;
                kept += delta[code];
            }
            delta[SUCCESS] = size - kept;
            calls = size;
        }
        int slowFailed = (int) delta[FAILURE | SLOW];
        return new OutcomeCounts((int) calls, (int) delta[FAILURE] + slowFailed, (int) delta[SLOW] + slowFailed,
                slowFailed);
    }

    /** Store thread: forgets what was recorded but not sent (outcomes of an outage, already decided on locally). */
    void discardPending() {
        for (int code = 0; code < 4; code++) {
            sent[code] = outcomes[code].sum();
        }
    }

    /** Whether outcomes are waiting to be sent. Store thread. */
    boolean hasPending() {
        for (int code = 0; code < 4; code++) {
            if (outcomes[code].sum() != sent[code]) {
                return true;
            }
        }
        return false;
    }

    /** Store thread: the fleet's totals answered by a flush; returns the packed rates, or {@link #NO_RATES}. */
    long fleetTotals(OutcomeCounts totals, long nowNanos) {
        int minimum = type == CircuitBreakerConfig.SlidingWindowType.COUNT_BASED
                ? Math.max(1, Math.min(minimumNumberOfCalls, size)) : Math.max(1, minimumNumberOfCalls);
        fleet = new WindowSnapshot(totals.calls(), totals.failedCalls(), totals.slowCalls(),
                totals.slowFailedCalls(), minimum);
        lastFleetReadNanos = nowNanos;
        if (totals.calls() < minimum || totals.calls() == 0) {
            return NO_RATES;
        }
        return SlidingWindow.pack(totals.failedCalls() * 100f / totals.calls(),
                totals.slowCalls() * 100f / totals.calls());
    }

    @Override
    public String toString() {
        return "SharedWindow[" + type + " " + size + ", epoch=" + (epoch == UNBOUND ? "unbound" : epoch)
                + (trial ? ", trial" : "") + ", fleet=" + fleet + "]";
    }
}
