package dev.resilience.testing;

import dev.resilience.core.Ticker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} moved by hand: forwards, backwards, or left standing still, so that no test sleeps. It starts
 * far from zero (10^12 ns, a whole number of seconds), so code that assumes a zero origin fails.
 *
 * <p>It also tells what the code under test read: how often ({@link #reads()}), the last reading of each
 * thread ({@link #lastReadOnThisThread()}), and it can hand one thread a stale reading
 * ({@link #readsOnThisThread}) as a thread descheduled between its read and its use would see.
 *
 * <p>Thread-safe. Reading it allocates nothing once a thread has read it before.
 */
public final class ManualTicker implements Ticker {

    /** Where a ticker made with {@link #ManualTicker()} starts. */
    public static final long DEFAULT_START = 1_000_000_000_000L;

    private final AtomicLong nanos;
    private final AtomicLong reads = new AtomicLong();
    private final ThreadLocal<long[]> lastRead = ThreadLocal.withInitial(() -> new long[1]);
    private final ThreadLocal<Deque<Long>> scripted = ThreadLocal.withInitial(ArrayDeque::new);

    /** A ticker at {@link #DEFAULT_START}. */
    public ManualTicker() {
        this(DEFAULT_START);
    }

    /** A ticker at {@code start} nanoseconds. */
    public ManualTicker(long start) {
        this.nanos = new AtomicLong(start);
    }

    @Override
    public long read() {
        reads.incrementAndGet();
        Long stale = scripted.get().poll();
        long now = stale != null ? stale : nanos.get();
        lastRead.get()[0] = now;
        return now;
    }

    /** The current time, without counting as a read. */
    public long now() {
        return nanos.get();
    }

    /** Moves the time to {@code value}. */
    public ManualTicker set(long value) {
        nanos.set(value);
        return this;
    }

    /** Moves the time forwards by {@code duration}. */
    public ManualTicker advance(Duration duration) {
        return advance(duration.toNanos());
    }

    /** Moves the time by {@code delta} nanoseconds (backwards when negative). */
    public ManualTicker advance(long delta) {
        nanos.addAndGet(delta);
        return this;
    }

    /** Moves the time backwards by {@code duration}, as a faulty clock would. */
    public ManualTicker rewind(Duration duration) {
        return advance(-duration.toNanos());
    }

    /** How many times {@link #read()} was called, by any thread. */
    public long reads() {
        return reads.get();
    }

    /** The value {@link #read()} last returned on the calling thread (0 before its first read). */
    public long lastReadOnThisThread() {
        return lastRead.get()[0];
    }

    /** The next read on the calling thread returns {@code value}; the reads after it the current time again. */
    public ManualTicker readsOnThisThread(long value) {
        scripted.get().add(value);
        return this;
    }
}
