package dev.resilience.timeout.internal;

import java.util.Arrays;

/**
 * Each thread's reusable {@link InterruptTimer} entries, one per nesting depth of synchronous timeouts.
 * Internal.
 *
 * <p>Created on first use and kept: a synchronous call under a timeout takes the entry of its depth with
 * {@link #push()} and leaves it with {@link #pop()}, so arming the timer allocates nothing after the first call
 * at a depth. Only the owning thread touches an instance.
 */
public final class TimerEntries {

    private static final ThreadLocal<TimerEntries> ENTRIES = ThreadLocal.withInitial(TimerEntries::new);

    private InterruptTimer.Entry[] entries = new InterruptTimer.Entry[4];
    private int depth;

    private TimerEntries() {
    }

    /** This thread's entries. */
    public static TimerEntries current() {
        return ENTRIES.get();
    }

    /**
     * The timer entry for a synchronous call under a timeout starting at the current nesting depth, which it
     * enters; {@link #pop()} leaves it. Allocates only the first time a depth is reached.
     */
    public InterruptTimer.Entry push() {
        int at = depth;
        if (at == entries.length) {
            entries = Arrays.copyOf(entries, at + 4);
        }
        InterruptTimer.Entry entry = entries[at];
        if (entry == null) {
            entry = InterruptTimer.get().newEntry();
            entries[at] = entry;
        }
        depth = at + 1;
        return entry;
    }

    /** Leaves the depth entered by the matching {@link #push()}. */
    public void pop() {
        depth--;
    }
}
