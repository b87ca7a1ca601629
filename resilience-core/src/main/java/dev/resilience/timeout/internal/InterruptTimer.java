package dev.resilience.timeout.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that interrupts synchronous calls running on their caller's thread ({@code mode: caller}) when
 * their time is up. Shared by every timeout of the JVM, started on first use. It runs no listener and no user
 * code: at a deadline it only sets the owner thread's interrupt flag. Internal: not part of the public API.
 *
 * <h2>Entries</h2>
 * A call registers an {@link Entry}, one per thread and nesting depth, created once and reused for every later
 * call (see {@link TimerEntries#push()}), so arming allocates nothing. An entry's
 * {@code state} word is {@code (sequence << 3) | phase}: the owner arms it ({@code IDLE -> ARMED}, a new
 * sequence each time) and disarms it with one CAS ({@code ARMED -> IDLE}); the timer claims it with a CAS
 * ({@code ARMED -> FIRING}), interrupts the owner, and publishes {@code FIRED}. Whoever wins the CAS decides
 * the outcome: when the owner loses, it waits the few instructions until {@code FIRED} and then clears the
 * interrupt the timer delivered, so a timer firing as the call returns never leaves the flag set. When the
 * flag was already set (by someone else) as the timer fired, the timer does not interrupt and the owner
 * leaves the flag alone: an interrupt that is not ours is never swallowed. The sequence in the state word
 * makes the timer's read of {@code deadline} a seqlock read and its CAS immune to ABA across re-arms.
 *
 * <h2>The wheel</h2>
 * A hashed wheel of {@value #WHEEL_SIZE} buckets of {@value #TICK_MILLIS} ms, owned by the timer thread
 * (doubly linked lists through the entries, no lock). An entry is filed under the first tick boundary at or
 * after its deadline and fires when the timer reaches that tick, so a timeout fires at most one tick (plus the
 * operating system's wake-up latency) after its deadline. Entries further away than the wheel's span sit in
 * their bucket and are looked at again each turn.
 *
 * <p>Disarming leaves the entry where it is; the timer drops or re-files it lazily when it reaches its tick.
 * Re-arming tells the timer only when the new deadline is earlier than the tick the entry is filed under
 * ({@link Entry#filedTick}): then the entry is pushed on a lock-free inbound stack (at most once at a time)
 * and the timer is woken if it sleeps past that tick. So a thread that makes call after call with the same
 * timeout touches no shared memory per call: the timer re-files its entry about once per timeout duration.
 * The races between a re-arm and the timer dropping or re-filing the entry are closed by both sides writing
 * first and reading second ({@code state} then {@code filedTick} for the owner, {@code filedTick} then
 * {@code state} for the timer): at least one of them sees the other's write.
 */
public final class InterruptTimer {

    static final long TICK_MILLIS = 1;
    static final long TICK_NANOS = TICK_MILLIS * 1_000_000L;
    static final int WHEEL_SIZE = 1024;
    private static final int MASK = WHEEL_SIZE - 1;

    /** {@link Entry#filedTick} of an entry that is in no bucket; also "sleeping with nothing to do". */
    static final long NOT_FILED = Long.MAX_VALUE;
    /** {@link #plannedWakeTick} while the timer is awake: callers never need to wake it then. */
    private static final long AWAKE = Long.MIN_VALUE;

    /** Deadlines further away than this (about 73 years) are never armed: they cannot fire. */
    public static final long MAX_ARMABLE_NANOS = Long.MAX_VALUE >> 2;

    static final int IDLE = 0;
    static final int ARMED = 1;
    static final int FIRING = 2;
    /** Fired and interrupted the owner: the owner clears the flag. */
    static final int FIRED = 3;
    /** Fired while the owner's flag was already set by someone else: the owner leaves it. */
    static final int FIRED_FLAG_WAS_SET = 4;
    private static final long PHASE_MASK = 7;

    private static final VarHandle STATE;
    private static final VarHandle QUEUED;
    private static final VarHandle INBOUND;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Entry.class, "state", long.class);
            QUEUED = lookup.findVarHandle(Entry.class, "queued", int.class);
            INBOUND = lookup.findVarHandle(InterruptTimer.class, "inbound", Entry.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long origin = System.nanoTime();
    /** Bucket heads; timer thread only. */
    private final Entry[] buckets = new Entry[WHEEL_SIZE];
    private final Thread thread;
    /** Entries whose owner re-armed them earlier than their filed tick, or that were in no bucket. */
    @SuppressWarnings("unused") // accessed through INBOUND
    private volatile Entry inbound;
    /** The tick the timer sleeps until; {@link #NOT_FILED} when it sleeps with nothing filed; {@link #AWAKE}. */
    private volatile long plannedWakeTick = AWAKE;
    /** The last tick whose bucket was processed; timer thread only. */
    private long processedTick;

    private InterruptTimer() {
        this.processedTick = tickOf(origin);
        this.thread = new Thread(this::run, "resilience-timeout-timer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The shared timer, started on first use. */
    public static InterruptTimer get() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final InterruptTimer INSTANCE = new InterruptTimer();
    }

    /** The timer thread, for tests and diagnostics. */
    Thread thread() {
        return thread;
    }

    private long tickOf(long nanos) {
        return Math.floorDiv(nanos - origin, TICK_NANOS);
    }

    /** The first tick that starts at or after {@code deadline}: when that tick is processed, it is due. */
    private long ceilTick(long deadline) {
        return Math.floorDiv(deadline - origin + TICK_NANOS - 1, TICK_NANOS);
    }

    private long tickStart(long tick) {
        return origin + tick * TICK_NANOS;
    }

    // ------------------------------------------------------------------------------------------ owner side

    /**
     * One registration slot of one thread at one nesting depth, reused for every call made there. Created by
     * and only ever armed by its owner thread.
     */
    public static final class Entry {
        final Thread owner;
        final InterruptTimer timer;
        /** {@code (sequence << 3) | phase}; see the class comment. */
        volatile long state;
        /** System.nanoTime() deadline; written before the ARMED state that publishes it. */
        long deadline;
        /** The tick whose bucket holds this entry, or {@link #NOT_FILED}; written by the timer only. */
        volatile long filedTick = NOT_FILED;
        /** 1 while on the inbound stack. */
        @SuppressWarnings("unused") // accessed through QUEUED
        volatile int queued;
        Entry nextInbound;
        // Bucket links: timer thread only.
        Entry previous;
        Entry next;
        boolean linked;

        Entry(Thread owner, InterruptTimer timer) {
            this.owner = owner;
            this.timer = timer;
        }

        /**
         * Arms the entry to interrupt its owner at {@code deadlineNanos} ({@link System#nanoTime()} based).
         * Called by the owner, only while disarmed.
         *
         * @return the armed state, to hand to {@link #disarm}
         */
        public long arm(long deadlineNanos) {
            long previousState = state;
            long armed = ((previousState >>> 3) + 1) << 3 | ARMED;
            deadline = deadlineNanos;
            state = armed;
            long tick = timer.ceilTick(deadlineNanos);
            if (tick < filedTick) {
                timer.enqueue(this, tick);
            }
            return armed;
        }

        /**
         * Disarms the entry after the call. Called by the owner.
         *
         * @return {@code true} when the call finished first; {@code false} when the timer fired, in which
         *         case the interrupt it delivered has been cleared
         */
        public boolean disarm(long armed) {
            long idle = armed & ~PHASE_MASK;
            if (STATE.compareAndSet(this, armed, idle)) {
                return true;
            }
            long fired;
            int spins = 0;
            while (((fired = state) & PHASE_MASK) == FIRING) {
                // The timer is between its CAS and its interrupt: a few instructions, unless it was descheduled.
                if (++spins < 100) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            if ((fired & PHASE_MASK) == FIRED) {
                // Clears the interrupt the timer delivered (and, unavoidably, one that arrived at the same time:
                // an interrupt is a single flag).
                Thread.interrupted();
            }
            state = idle;
            return false;
        }
    }

    /** Pushes {@code entry} for the timer to (re-)file, and wakes the timer if it sleeps past {@code tick}. */
    private void enqueue(Entry entry, long tick) {
        if (entry.queued == 0 && QUEUED.compareAndSet(entry, 0, 1)) {
            Entry head;
            do {
                head = inbound;
                entry.nextInbound = head;
            } while (!INBOUND.compareAndSet(this, head, entry));
        }
        if (tick < plannedWakeTick) {
            LockSupport.unpark(thread);
        }
    }

    /** A new entry owned by the calling thread. */
    Entry newEntry() {
        return new Entry(Thread.currentThread(), this);
    }

    // ------------------------------------------------------------------------------------------ timer side

    private void run() {
        for (;;) {
            try {
                long now = System.nanoTime();
                drainInbound(now);
                advance(now);
                long wake = nextFilledTick();
                plannedWakeTick = wake;
                if (inbound == null) {
                    if (wake == NOT_FILED) {
                        LockSupport.park(this);
                    } else {
                        long sleep = tickStart(wake) - System.nanoTime();
                        if (sleep > 0) {
                            LockSupport.parkNanos(this, sleep);
                        }
                    }
                }
                plannedWakeTick = AWAKE;
            } catch (Throwable unexpected) {
                // Nothing here calls foreign code; keep the timer alive whatever happens (an OutOfMemoryError).
                plannedWakeTick = AWAKE;
                System.getLogger(InterruptTimer.class.getName()).log(System.Logger.Level.ERROR,
                        "The timeout timer caught an unexpected failure and goes on", unexpected);
            }
        }
    }

    private void drainInbound(long now) {
        Entry entry = (Entry) INBOUND.getAndSet(this, null);
        while (entry != null) {
            Entry next = entry.nextInbound;
            entry.nextInbound = null;
            entry.queued = 0; // before evaluating: a re-arm from now on pushes it again
            evaluate(entry, now);
            entry = next;
        }
    }

    /** Processes the buckets of every tick that has started since the last call. */
    private void advance(long now) {
        long current = tickOf(now);
        long from = processedTick + 1;
        if (current - from >= WHEEL_SIZE) {
            from = current - WHEEL_SIZE + 1; // asleep for a whole turn or more: each bucket once
        }
        // Set first: entries re-filed while processing go to later ticks, never to a bucket already passed.
        processedTick = current;
        for (long tick = from; tick <= current; tick++) {
            int index = (int) (tick & MASK);
            Entry entry = buckets[index];
            buckets[index] = null;
            while (entry != null) {
                Entry next = entry.next;
                entry.previous = null;
                entry.next = null;
                entry.linked = false;
                evaluate(entry, now);
                entry = next;
            }
        }
    }

    /** The next tick whose bucket holds an entry, or {@link #NOT_FILED}. */
    private long nextFilledTick() {
        for (long tick = processedTick + 1; tick <= processedTick + WHEEL_SIZE; tick++) {
            if (buckets[(int) (tick & MASK)] != null) {
                return tick;
            }
        }
        return NOT_FILED;
    }

    /** Fires, re-files or drops {@code entry}, according to its current state. */
    private void evaluate(Entry entry, long now) {
        for (;;) {
            long seen = entry.state;
            if ((seen & PHASE_MASK) != ARMED) {
                unlink(entry);
                entry.filedTick = NOT_FILED;
                if (entry.state == seen) {
                    return;
                }
                continue; // re-armed meanwhile
            }
            long deadline = entry.deadline;
            if (entry.state != seen) {
                continue; // torn read: the owner re-armed between the two reads
            }
            if (deadline - now <= 0) {
                long firing = (seen & ~PHASE_MASK) | FIRING;
                if (!STATE.compareAndSet(entry, seen, firing)) {
                    continue; // disarmed (or re-armed) just now
                }
                unlink(entry);
                entry.filedTick = NOT_FILED;
                Thread owner = entry.owner;
                boolean alreadyInterrupted = owner.isInterrupted();
                if (!alreadyInterrupted) {
                    owner.interrupt();
                }
                entry.state = (seen & ~PHASE_MASK) | (alreadyInterrupted ? FIRED_FLAG_WAS_SET : FIRED);
                return;
            }
            long tick = Math.max(ceilTick(deadline), processedTick + 1);
            if (!entry.linked || entry.filedTick != tick) {
                unlink(entry);
                link(entry, tick);
                entry.filedTick = tick;
            }
            if (entry.state == seen) {
                return;
            }
        }
    }

    private void link(Entry entry, long tick) {
        int index = (int) (tick & MASK);
        Entry head = buckets[index];
        entry.previous = null;
        entry.next = head;
        if (head != null) {
            head.previous = entry;
        }
        buckets[index] = entry;
        entry.linked = true;
    }

    private void unlink(Entry entry) {
        if (!entry.linked) {
            return;
        }
        Entry previous = entry.previous;
        Entry next = entry.next;
        if (previous == null) {
            buckets[(int) (entry.filedTick & MASK)] = next;
        } else {
            previous.next = next;
        }
        if (next != null) {
            next.previous = previous;
        }
        entry.previous = null;
        entry.next = null;
        entry.linked = false;
    }
}
