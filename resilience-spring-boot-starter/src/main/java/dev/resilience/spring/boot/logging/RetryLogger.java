package dev.resilience.spring.boot.logging;

import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryListener;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Logs each retry, giving up, and a refusing retry budget, at DEBUG. Thread-safe.
 *
 * @since 0.2.0
 */
public final class RetryLogger implements RetryListener {

    private final Log log;

    /** Logs on {@code log}. */
    public RetryLogger(Log log) {
        this.log = log;
    }

    @Override
    public void onRetry(Retry retry, int attempt, long waitNanos, @Nullable Throwable lastErrorOrNull) {
        if (log.isDebugEnabled()) {
            log.debug("Retry '" + retry.name() + "': attempt " + attempt + " failed with "
                    + ResilienceLogging.describe(lastErrorOrNull) + "; retrying in "
                    + ResilienceLogging.format(waitNanos));
        }
    }

    @Override
    public void onError(Retry retry, int attempts, @Nullable Throwable lastErrorOrNull) {
        if (log.isDebugEnabled()) {
            log.debug("Retry '" + retry.name() + "': giving up after " + attempts
                    + (attempts == 1 ? " attempt" : " attempts") + ", the last failed with "
                    + ResilienceLogging.describe(lastErrorOrNull));
        }
    }

    @Override
    public void onBudgetExhausted(Retry retry, int attempt, @Nullable Throwable lastErrorOrNull) {
        if (log.isDebugEnabled()) {
            log.debug("Retry '" + retry.name() + "': the retry budget refused a retry after attempt " + attempt);
        }
    }
}
