package dev.resilience.timeout.internal;

import dev.resilience.timeout.Deadline;

/**
 * The {@link Deadline} current on each thread. Internal: not part of the public API.
 *
 * <p>Each thread gets one mutable {@link Slot}, created on first use and kept: a call looks the slot up once
 * and then swaps the deadline in and out with plain field writes. Setting and removing a {@code ThreadLocal}
 * value instead would allocate a map entry on every call. The slot holds no reference to a class loader
 * other than this library's, only a {@code Deadline} (ticker and a long) while a call runs, and the thread's
 * reusable {@link InterruptTimer} entries.
 */
public final class DeadlineContext {

    private static final ThreadLocal<Slot> SLOT = ThreadLocal.withInitial(Slot::new);

    private DeadlineContext() {
    }

    /** This thread's slot. */
    public static Slot slot() {
        return SLOT.get();
    }

    /** The current deadline, or {@code null}. */
    public static Deadline current() {
        return SLOT.get().deadline;
    }

    /** One thread's current deadline and timer entries; only ever touched by that thread. */
    public static final class Slot {
        /** The current deadline, or {@code null}. */
        public Deadline deadline;
        /** This thread's {@link InterruptTimer} entries by nesting depth, created on first use and reused. */
        private InterruptTimer.Entry[] timerEntries;
        private int timerDepth;

        Slot() {
        }

        /**
         * The timer entry for a synchronous call under a timeout starting at the current nesting depth, which
         * it enters; {@link #popTimerEntry()} leaves it. Allocates only the first time a depth is reached.
         */
        public InterruptTimer.Entry pushTimerEntry() {
            InterruptTimer.Entry[] entries = timerEntries;
            int depth = timerDepth;
            if (entries == null || depth == entries.length) {
                entries = java.util.Arrays.copyOf(entries == null ? new InterruptTimer.Entry[0] : entries, depth + 4);
                timerEntries = entries;
            }
            InterruptTimer.Entry entry = entries[depth];
            if (entry == null) {
                entry = InterruptTimer.get().newEntry();
                entries[depth] = entry;
            }
            timerDepth = depth + 1;
            return entry;
        }

        /** Leaves the depth entered by the matching {@link #pushTimerEntry()}. */
        public void popTimerEntry() {
            timerDepth--;
        }
    }
}
