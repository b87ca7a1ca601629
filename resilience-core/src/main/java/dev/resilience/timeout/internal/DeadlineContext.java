package dev.resilience.timeout.internal;

import dev.resilience.timeout.Deadline;

/**
 * The {@link Deadline} current on each thread. Internal: not part of the public API.
 *
 * <p>Each thread gets one mutable {@link Slot}, created on first use and kept: a call looks the slot up once
 * and then swaps the deadline in and out with plain field writes. Setting and removing a {@code ThreadLocal}
 * value instead would allocate a map entry on every call. The slot holds no reference to a class loader
 * other than this library's, and only a {@code Deadline} (ticker and a long) while a call runs.
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

    /** One thread's current deadline; only ever touched by that thread. */
    public static final class Slot {
        /** The current deadline, or {@code null}. */
        public Deadline deadline;

        Slot() {
        }
    }
}
