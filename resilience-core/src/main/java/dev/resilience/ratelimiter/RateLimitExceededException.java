package dev.resilience.ratelimiter;

import dev.resilience.core.CallRejectedException;

import java.time.Duration;
import java.util.Objects;

/**
 * A rate limiter refused a call: no permit was left in the current period, and none could be had within
 * {@code timeout-duration}. Nothing was reserved; the protected call did not run.
 *
 * <p>{@link #retryAfter()} is accurate: it is the time until the permit could actually be granted, which is
 * the start of the next period, or later when waiting callers have already reserved the permits of the next
 * periods. A server can put it in a {@code Retry-After} header as is (rounded up to whole seconds).
 *
 * <p>Message: {@code Rate limit of 'backend' exceeded (50 per 1s); retry after 320ms}. Created without a stack
 * trace unless {@code writable-stack-trace-enabled} is set, since rejecting is an expected outcome under load.
 *
 * @see RateLimiter#acquirePermission()
 * @since 0.1.0
 */
public class RateLimitExceededException extends CallRejectedException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * @param name the name of the rate limiter
     * @param message what happened, for a person
     * @param retryAfter the time until a permit could be granted; not negative
     * @param cause the cause (for example an {@link InterruptedException}), or {@code null}
     * @param writableStackTrace {@code false} to skip filling in the stack trace
     */
    public RateLimitExceededException(String name, String message, Duration retryAfter, Throwable cause,
            boolean writableStackTrace) {
        super(name, message, cause, writableStackTrace);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /**
     * How long to wait before a permit could be granted: until the next period starts, or later if waiting
     * callers reserved the permits ahead. Never negative; measured when the call was rejected.
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
