package dev.resilience.spring.boot.logging;

import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterListener;
import org.apache.commons.logging.Log;

/**
 * Logs rejected calls of plain and keyed rate limiters, at DEBUG (never the key of a keyed limiter).
 * Thread-safe.
 *
 * @since 0.2.0
 */
public final class RateLimiterLogger implements RateLimiterListener {

    private final Log log;

    /** Logs on {@code log}. */
    public RateLimiterLogger(Log log) {
        this.log = log;
    }

    @Override
    public void onRejected(RateLimiter limiter, int permits) {
        if (log.isDebugEnabled()) {
            log.debug("Rate limiter '" + limiter.name() + "' rejected a call: no "
                    + (permits == 1 ? "permit" : permits + " permits") + " within timeout-duration "
                    + limiter.config().timeoutDuration());
        }
    }
}
