package dev.resilience.jcstress;

import dev.resilience.core.Ticker;

/**
 * A ticker whose readings each actor sets for itself: the first reading of a thread may be a stale one, every
 * later reading is the current time. Models a thread that read the clock, was descheduled across a boundary,
 * and then went on.
 */
final class StateTicker implements Ticker {

    private final long now;
    private final ThreadLocal<long[]> stale = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE});

    StateTicker(long now) {
        this.now = now;
    }

    /** The next reading on this thread returns {@code reading}; the ones after it return the current time. */
    void nextReadingOnThisThread(long reading) {
        stale.get()[0] = reading;
    }

    @Override
    public long read() {
        long[] slot = stale.get();
        long reading = slot[0];
        if (reading != Long.MIN_VALUE) {
            slot[0] = Long.MIN_VALUE;
            return reading;
        }
        return now;
    }
}
