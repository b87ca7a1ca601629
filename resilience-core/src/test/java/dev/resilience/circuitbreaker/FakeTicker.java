package dev.resilience.circuitbreaker;

import dev.resilience.core.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker moved by hand, which also counts how often it was read. */
final class FakeTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final AtomicLong reads = new AtomicLong();

    @Override
    public long read() {
        reads.incrementAndGet();
        return nanos.get();
    }

    FakeTicker advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        return this;
    }

    FakeTicker advanceNanos(long delta) {
        nanos.addAndGet(delta);
        return this;
    }

    long reads() {
        return reads.get();
    }
}
