package dev.resilience.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link Ticker#coarse()}: {@link System#nanoTime()} sampled about once a millisecond by one daemon thread,
 * read with one volatile load (plus one of the state word) instead of a clock call.
 *
 * <h2>Only while used</h2>
 * The sampling thread ({@code resilience-coarse-ticker}) starts on the first read and parks for good after a
 * second in which nobody read the ticker; the next read wakes it. Readers tell the thread they are there
 * through {@link #state}: the thread sets it to {@code UNTOUCHED} once a second, the first reader after that
 * sets it back to {@code TOUCHED} (one write per second, not one per read). A thread that finds it
 * {@code UNTOUCHED} a second later moves it to {@code SLEEPING} with a CAS and parks; a reader that finds
 * {@code SLEEPING} reads the clock itself, publishes that reading, and wakes the thread. Both sides change the
 * state only by CAS, so a reader can never mark an asleep ticker as awake without waking it, and a reading
 * older than about one tick is never returned (barring the sampling thread being descheduled).
 *
 * <p>Readings never go backwards: every publication is a CAS to a larger value.
 */
final class CoarseTicker implements Ticker {

    /** How often the sampling thread reads the clock. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long without a read before the sampling thread parks. */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    static final CoarseTicker INSTANCE = new CoarseTicker("resilience-coarse-ticker");

    private static final int TOUCHED = 0;
    private static final int UNTOUCHED = 1;
    private static final int SLEEPING = 2;

    private static final VarHandle NOW;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NOW = lookup.findVarHandle(CoarseTicker.class, "now", long.class);
            STATE = lookup.findVarHandle(CoarseTicker.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread sampler;
    private volatile long now = System.nanoTime();
    private volatile int state = SLEEPING;
    private volatile boolean started;

    CoarseTicker(String threadName) {
        this.sampler = new Thread(this::sample, threadName);
        sampler.setDaemon(true);
    }

    @Override
    public long read() {
        if (state != TOUCHED) {
            return slowRead();
        }
        return now;
    }

    private long slowRead() {
        for (;;) {
            int current = state;
            if (current == TOUCHED) {
                return now;
            }
            if (current == UNTOUCHED) {
                if (STATE.compareAndSet(this, UNTOUCHED, TOUCHED)) {
                    return now; // the sampler runs: its reading is at most about a tick old
                }
                continue;
            }
            return wake();
        }
    }

    /** The sampler sleeps: read the clock here, publish it, and wake the sampler. */
    private long wake() {
        long reading = System.nanoTime();
        long published = publish(reading);
        if (STATE.compareAndSet(this, SLEEPING, TOUCHED)) {
            if (!started) {
                start();
            } else {
                LockSupport.unpark(sampler);
            }
        }
        return published;
    }

    private synchronized void start() {
        if (!started) {
            started = true;
            sampler.start();
        } else {
            LockSupport.unpark(sampler);
        }
    }

    /** Publishes {@code reading} unless a later one is already there; returns what is published. */
    private long publish(long reading) {
        for (;;) {
            long current = now;
            if (reading - current <= 0) {
                return current;
            }
            if (NOW.compareAndSet(this, current, reading)) {
                return reading;
            }
        }
    }

    private void sample() {
        long ticksPerIdleCheck = IDLE_NANOS / TICK_NANOS;
        long ticks = 0;
        for (;;) {
            publish(System.nanoTime());
            LockSupport.parkNanos(this, TICK_NANOS);
            if (++ticks < ticksPerIdleCheck) {
                continue;
            }
            ticks = 0;
            if (STATE.compareAndSet(this, TOUCHED, UNTOUCHED)) {
                continue; // read during the last second: keep sampling, and see again in a second
            }
            if (STATE.compareAndSet(this, UNTOUCHED, SLEEPING)) {
                while (state == SLEEPING) {
                    LockSupport.park(this);
                }
            }
        }
    }

    /** Whether the sampling thread is parked for lack of readers; for tests. */
    boolean isSleeping() {
        return state == SLEEPING;
    }

    /** The sampling thread; for tests. */
    Thread sampler() {
        return sampler;
    }

    @Override
    public String toString() {
        return "Ticker.coarse()";
    }
}
