package dev.resilience.spring.boot.logging;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Logs what circuit breakers do: state transitions and resets at INFO (a transition to OPEN with the rates that
 * caused it); rejected calls, and rates reaching a threshold, at DEBUG (at INFO in METRICS_ONLY, where no
 * transition follows). Thread-safe.
 *
 * @since 0.2.0
 */
public final class CircuitBreakerLogger implements CircuitBreakerListener {

    private final Log log;

    /** Logs on {@code log}. */
    public CircuitBreakerLogger(Log log) {
        this.log = log;
    }

    @Override
    public void onStateTransition(CircuitBreaker breaker, CircuitBreaker.State from, CircuitBreaker.State to) {
        onStateTransition(breaker, from, to, null);
    }

    /** With a shared store, says which application instance made the transition. */
    @Override
    public void onStateTransition(CircuitBreaker breaker, CircuitBreaker.State from, CircuitBreaker.State to,
            @Nullable String instanceId) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String by = instanceId == null ? ""
                : " [" + breaker.storeInfo().type() + ", by instance " + instanceId + "]";
        if (from == to) {
            log.info("Circuit breaker '" + breaker.name() + "' restarted state " + to + by);
        } else if (to == CircuitBreaker.State.OPEN) {
            CircuitBreaker.Metrics metrics = breaker.metrics();
            log.info("Circuit breaker '" + breaker.name() + "' changed state from " + from + " to OPEN (failure rate "
                    + ResilienceLogging.percent(metrics.failureRate()) + ", slow-call rate "
                    + ResilienceLogging.percent(metrics.slowCallRate()) + ", "
                    + metrics.bufferedCalls() + " buffered calls); calls are rejected for "
                    + breaker.config().waitDurationInOpenState() + by);
        } else {
            log.info("Circuit breaker '" + breaker.name() + "' changed state from " + from + " to " + to + by);
        }
    }

    @Override
    public void onReset(CircuitBreaker breaker) {
        if (log.isInfoEnabled()) {
            log.info("Circuit breaker '" + breaker.name() + "' was reset");
        }
    }

    @Override
    public void onNotPermitted(CircuitBreaker breaker) {
        if (log.isDebugEnabled()) {
            log.debug("Circuit breaker '" + breaker.name() + "' is " + breaker.state() + " and rejected a call");
        }
    }

    @Override
    public void onFailureRateExceeded(CircuitBreaker breaker, float failureRate) {
        thresholdReached(breaker, "failure rate", failureRate, breaker.config().failureRateThreshold());
    }

    @Override
    public void onSlowCallRateExceeded(CircuitBreaker breaker, float slowCallRate) {
        thresholdReached(breaker, "slow-call rate", slowCallRate, breaker.config().slowCallRateThreshold());
    }

    /** At INFO in METRICS_ONLY, where this is the only sign; otherwise the transition that follows says it. */
    private void thresholdReached(CircuitBreaker breaker, String what, float rate, float threshold) {
        boolean metricsOnly = breaker.state() == CircuitBreaker.State.METRICS_ONLY;
        if (metricsOnly ? log.isInfoEnabled() : log.isDebugEnabled()) {
            String message = "Circuit breaker '" + breaker.name() + "': " + what + " " + rate
                    + "% reached the threshold " + threshold + "%" + (metricsOnly ? " (METRICS_ONLY: not opening)" : "");
            if (metricsOnly) {
                log.info(message);
            } else {
                log.debug(message);
            }
        }
    }
}
