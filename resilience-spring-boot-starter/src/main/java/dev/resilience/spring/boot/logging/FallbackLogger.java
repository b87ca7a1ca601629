package dev.resilience.spring.boot.logging;

import dev.resilience.spring.aop.FallbackObserver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs the fallbacks of {@code @Fallback} methods at DEBUG on {@value ResilienceLogging#FALLBACK_LOGGER}: which
 * fallback replaced which failure, or that every fallback failed. Thread-safe.
 *
 * @since 0.1.0
 */
public final class FallbackLogger implements FallbackObserver {

    private final Log log = LogFactory.getLog(ResilienceLogging.FALLBACK_LOGGER);

    @Override
    public void onFallbackSucceeded(String protectedMethod, String fallbackMethod, Throwable failure) {
        if (log.isDebugEnabled()) {
            log.debug("Fallback " + fallbackMethod + " replaced the failure of " + protectedMethod + ": "
                    + ResilienceLogging.describe(failure));
        }
    }

    @Override
    public void onFallbackFailed(String protectedMethod, Throwable failure) {
        if (log.isDebugEnabled()) {
            log.debug("Every fallback of " + protectedMethod + " failed; the caller gets "
                    + ResilienceLogging.describe(failure));
        }
    }
}
