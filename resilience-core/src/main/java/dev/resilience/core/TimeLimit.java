package dev.resilience.core;

/**
 * An absolute point in time by which a call must be done, as the patterns see it through
 * {@link CallContext#deadline()}: how much time is left. {@code dev.resilience.timeout.Deadline} is the
 * implementation users create; a pattern that waits (a bulkhead for a permit, a limiter for its period, a
 * hedge before its second attempt) asks it how long it may still wait.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @since 0.2.0
 */
public interface TimeLimit {

    /** The time left in nanoseconds, zero once expired (never negative). */
    long remainingNanos();
}
