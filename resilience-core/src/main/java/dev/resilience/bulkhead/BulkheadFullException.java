package dev.resilience.bulkhead;

import dev.resilience.core.CallRejectedException;

/**
 * A {@link Bulkhead} or {@link ThreadPoolBulkhead} had no room for a call: every permit was taken (and stayed
 * taken for {@code max-wait-duration}), or every thread was busy and the queue full. The call was not started.
 *
 * <p>The message names the bulkhead and its limit, for example
 * {@code Bulkhead 'backend' is full and does not permit further calls (max 10 concurrent calls)}. Created
 * without a stack trace unless {@code writable-stack-trace-enabled} is set, because rejections are frequent
 * exactly when a system is overloaded.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @since 0.1.0
 */
public class BulkheadFullException extends CallRejectedException {

    private static final long serialVersionUID = 1L;

    /**
     * @param name the bulkhead's name
     * @param message what was full, with the limit
     * @param writableStackTrace {@code false} to skip filling in the stack trace
     */
    public BulkheadFullException(String name, String message, boolean writableStackTrace) {
        super(name, message, null, writableStackTrace);
    }
}
