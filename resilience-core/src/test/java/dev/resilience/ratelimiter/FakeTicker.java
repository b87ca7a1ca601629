package dev.resilience.ratelimiter;

import dev.resilience.core.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker moved by hand. Starts far from zero so that code relying on a zero origin fails. Thread-safe. */
public final class FakeTicker implements Ticker {

    private final AtomicLong nanos;

    public FakeTicker() {
        this(7_000_000_123L);
    }

    public FakeTicker(long start) {
        this.nanos = new AtomicLong(start);
    }

    @Override
    public long read() {
        return nanos.get();
    }

    public FakeTicker advance(Duration duration) {
        return advance(duration.toNanos());
    }

    public FakeTicker advance(long deltaNanos) {
        nanos.addAndGet(deltaNanos);
        return this;
    }
}
