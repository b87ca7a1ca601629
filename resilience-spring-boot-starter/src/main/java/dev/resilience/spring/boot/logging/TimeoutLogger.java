package dev.resilience.spring.boot.logging;

import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutListener;
import org.apache.commons.logging.Log;

/**
 * Logs calls that timed out, at DEBUG. Thread-safe.
 *
 * @since 0.2.0
 */
public final class TimeoutLogger implements TimeoutListener {

    private final Log log;

    /** Logs on {@code log}. */
    public TimeoutLogger(Log log) {
        this.log = log;
    }

    @Override
    public void onTimeout(Timeout timeout, long timeoutNanos) {
        if (log.isDebugEnabled()) {
            log.debug("Timeout '" + timeout.name() + "': the call did not complete within "
                    + ResilienceLogging.format(timeoutNanos));
        }
    }
}
