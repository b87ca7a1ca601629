package dev.resilience.timeout.internal;

import dev.resilience.timeout.Deadline;

/**
 * The {@link Deadline} current on each thread. A plain field access for the timeouts' hot path, without the
 * {@code Optional} of {@link Deadline#current()}. Internal: not part of the public API.
 */
public final class DeadlineContext {

    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    private DeadlineContext() {
    }

    /** The current deadline, or {@code null}. */
    public static Deadline current() {
        return CURRENT.get();
    }

    /** Makes {@code deadline} current; {@code null} clears it (and drops the thread's map entry). */
    public static void set(Deadline deadline) {
        if (deadline == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(deadline);
        }
    }
}
