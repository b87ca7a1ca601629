package dev.resilience.bulkhead.internal;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.CallContext;
import dev.resilience.core.TimeLimit;

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
    static <T> CompletionStage<T> proceed(TimeLimit deadline, Supplier<? extends CompletionStage<T>> call,
            AsyncChain next) {
        TimeLimit previous = CallContext.swapDeadline(deadline);
        try {
            return next.proceed(call);
        } finally {
            CallContext.swapDeadline(previous);
        }
    }
}
