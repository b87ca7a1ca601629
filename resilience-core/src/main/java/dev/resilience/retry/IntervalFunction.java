package dev.resilience.retry;

import java.time.Duration;

/**
 * A custom rule for the wait before each retry, for when fixed, exponential and randomized waits are not
 * enough (for example a wait taken from a {@code Retry-After} header carried by the exception).
 *
 * <p>Setting one replaces {@code wait-duration}, {@code enable-exponential-backoff} and
 * {@code enable-randomized-wait}: a configuration that sets it together with exponential backoff or randomized
 * waits is rejected when it is built.
 *
 * <p>The function is called on the retrying thread once per retry, never on the first attempt. It must be
 * thread-safe and should be fast. A {@code null} or negative result means "retry at once"; an exception it
 * throws ends the call with that exception.
 *
 * @see RetryConfig.Builder#intervalFunction(IntervalFunction)
 * @since 0.1.0
 */
@FunctionalInterface
public interface IntervalFunction {

    /**
     * The wait before the next attempt.
     *
     * @param attempt the number of attempts made so far, all failed (1 before the first retry)
     * @param lastFailure what the last attempt threw, or {@code null} when it returned a result that
     *        {@link RetryConfig#retryOnResult()} rejected
     * @return the wait; {@code null} or negative for none
     */
    Duration waitDuration(int attempt, Throwable lastFailure);
}
