package dev.resilience.bulkhead.internal;

import dev.resilience.core.AsyncChain;
import dev.resilience.timeout.Deadline;
import dev.resilience.timeout.internal.DeadlineContext;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Starts a call that a bulkhead hands to another thread (a pool thread, or the thread that freed a permit) under
 * its caller's deadline, so that a timeout around the bulkhead still bounds what runs inside it.
 */
final class CallerDeadline {

    private CallerDeadline() {
    }

    /** {@code next.proceed(call)} with {@code deadline} current; the thread's own deadline comes back after. */
    static <T> CompletionStage<T> proceed(Deadline deadline, Supplier<? extends CompletionStage<T>> call,
            AsyncChain next) {
        DeadlineContext.Slot slot = DeadlineContext.slot();
        Deadline previous = slot.deadline;
        slot.deadline = deadline;
        try {
            return next.proceed(call);
        } finally {
            slot.deadline = previous;
        }
    }
}
