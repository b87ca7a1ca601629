package dev.resilience.hardening;

import dev.resilience.core.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker moved by hand, forwards or backwards, or left standing still. */
final class HandTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

    @Override
    public long read() {
        return nanos.get();
    }

    HandTicker advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        return this;
    }

    HandTicker rewind(Duration duration) {
        nanos.addAndGet(-duration.toNanos());
        return this;
    }
}
