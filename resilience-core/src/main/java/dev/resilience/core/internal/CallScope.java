package dev.resilience.core.internal;

import dev.resilience.core.TimeLimit;

/**
 * What the thread running a call knows about it beyond the call object: its deadline. Internal: patterns use
 * {@link dev.resilience.core.CallContext}'s deadline methods; the timeout, which sets a deadline on every call,
 * uses the slot directly.
 *
 * <p>Each thread gets one mutable slot, created on first use and kept: a call looks it up once and swaps its
 * deadline in and out with plain field writes (setting and removing a {@code ThreadLocal} value instead would
 * allocate a map entry per call). The slot refers only to the {@link TimeLimit} of a call in progress.
 */
public final class CallScope {

    private static final ThreadLocal<CallScope> SCOPE = ThreadLocal.withInitial(CallScope::new);

    /** The deadline of the call running on this thread, or {@code null}. Only this thread touches it. */
    public TimeLimit deadline;

    private CallScope() {
    }

    /** This thread's slot. */
    public static CallScope current() {
        return SCOPE.get();
    }

    /** Whichever of {@code current} (may be {@code null}) and {@code other} has less time left. */
    public static TimeLimit earlier(TimeLimit current, TimeLimit other) {
        if (current == null) {
            return other;
        }
        return other.remainingNanos() < current.remainingNanos() ? other : current;
    }
}
