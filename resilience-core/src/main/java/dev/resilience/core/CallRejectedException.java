package dev.resilience.core;

/**
 * A pattern refused the call before it ran: the circuit breaker is open ({@code CallNotPermittedException}), the
 * bulkhead is full ({@code BulkheadFullException}), the rate limit is exceeded ({@code RateLimitExceededException}),
 * or a pattern an application adds turns the call away. It says this application protected itself, not that the
 * downstream failed: observations count it as {@code REJECTED}, not as a failure. A new pattern's rejection
 * extends this class to be treated the same way, with no list to edit.
 *
 * @since 0.2.0
 */
public abstract class CallRejectedException extends ResilienceException {

    private static final long serialVersionUID = 1L;

    /** As {@link ResilienceException#ResilienceException(String, String, Throwable, boolean)}. */
    protected CallRejectedException(String name, String message, Throwable cause, boolean writableStackTrace) {
        super(name, message, cause, writableStackTrace);
    }

    /** As {@link ResilienceException#ResilienceException(String, String, Throwable, boolean, boolean)}. */
    protected CallRejectedException(String name, String message, Throwable cause, boolean enableSuppression,
            boolean writableStackTrace) {
        super(name, message, cause, enableSuppression, writableStackTrace);
    }
}
