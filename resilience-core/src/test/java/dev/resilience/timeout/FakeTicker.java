package dev.resilience.timeout;

import dev.resilience.core.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker moved by hand. Thread-safe. */
final class FakeTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
        return nanos.get();
    }

    FakeTicker advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        return this;
    }
}
