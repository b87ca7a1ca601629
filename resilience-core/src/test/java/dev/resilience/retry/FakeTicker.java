package dev.resilience.retry;

import dev.resilience.core.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker moved by hand; thread-safe. */
final class FakeTicker implements Ticker {

    private final AtomicLong nanos;

    FakeTicker() {
        this(0);
    }

    FakeTicker(long start) {
        this.nanos = new AtomicLong(start);
    }

    @Override
    public long read() {
        return nanos.get();
    }

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
