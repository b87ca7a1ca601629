package dev.resilience.spring.boot.logging;

import java.util.ArrayList;
import java.util.List;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadListener;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.registry.Registry;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryListener;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutListener;
import dev.resilience.timeout.TimeoutRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs what the patterns do, one logger per pattern, through commons-logging (which Spring routes to the
 * application's logging system, SLF4J/Logback by default):
 * <ul>
 *   <li>{@value #CIRCUIT_BREAKER_LOGGER}: state transitions and resets at INFO (a transition to OPEN with the
 *       rates that caused it); rejected calls, and rates reaching a threshold, at DEBUG (at INFO in
 *       METRICS_ONLY, where no transition follows);
 *   <li>{@value #RETRY_LOGGER}: each retry, giving up, and a refusing retry budget, at DEBUG;
 *   <li>{@value #BULKHEAD_LOGGER}: rejected calls of semaphore and thread-pool bulkheads, at DEBUG;
 *   <li>{@value #RATE_LIMITER_LOGGER}: rejected calls, at DEBUG (never the key of a keyed limiter);
 *   <li>{@value #TIMEOUT_LOGGER}: calls that timed out, at DEBUG;
 *   <li>{@value #FALLBACK_LOGGER} ({@link FallbackLogger}): fallbacks taken or failed, at DEBUG.
 * </ul>
 * Nothing is logged for a successful call. Each message is built only when its level is enabled.
 *
 * <p>Attached as registry-wide listeners ({@link Registry#addListener}), so instances created later are
 * logged too; {@link #close()} detaches them. Thread-safe.
 *
 * @since 0.1.0
 */
public final class ResilienceLogging implements AutoCloseable {

    /** Logger of circuit breakers. */
    public static final String CIRCUIT_BREAKER_LOGGER = "dev.resilience.circuitbreaker";

    /** Logger of retries. */
    public static final String RETRY_LOGGER = "dev.resilience.retry";

    /** Logger of semaphore and thread-pool bulkheads. */
    public static final String BULKHEAD_LOGGER = "dev.resilience.bulkhead";

    /** Logger of rate limiters. */
    public static final String RATE_LIMITER_LOGGER = "dev.resilience.ratelimiter";

    /** Logger of timeouts. */
    public static final String TIMEOUT_LOGGER = "dev.resilience.timeout";

    /** Logger of {@code @Fallback} methods. */
    public static final String FALLBACK_LOGGER = "dev.resilience.fallback";

    private final List<Runnable> detach = new ArrayList<>();

    /** Logs the circuit breakers of {@code registry}. */
    public synchronized ResilienceLogging follow(CircuitBreakerRegistry registry) {
        return attach(registry, new CircuitBreakerLogger(LogFactory.getLog(CIRCUIT_BREAKER_LOGGER)));
    }

    /** Logs the retries of {@code registry}. */
    public synchronized ResilienceLogging follow(RetryRegistry registry) {
        return attach(registry, new RetryLogger(LogFactory.getLog(RETRY_LOGGER)));
    }

    /** Logs the bulkheads of {@code registry}. */
    public synchronized ResilienceLogging follow(BulkheadRegistry registry) {
        return attach(registry, new BulkheadLogger(LogFactory.getLog(BULKHEAD_LOGGER)));
    }

    /** Logs the thread-pool bulkheads of {@code registry}. */
    public synchronized ResilienceLogging follow(ThreadPoolBulkheadRegistry registry) {
        return attach(registry, new BulkheadLogger(LogFactory.getLog(BULKHEAD_LOGGER)));
    }

    /** Logs the rate limiters of {@code registry}, keyed ones included. */
    public synchronized ResilienceLogging follow(RateLimiterRegistry registry) {
        return attach(registry, new RateLimiterLogger(LogFactory.getLog(RATE_LIMITER_LOGGER)));
    }

    /** Logs the keyed rate limiters of a stand-alone {@code registry} (not one reached through a {@link RateLimiterRegistry}). */
    public synchronized ResilienceLogging follow(KeyedRateLimiterRegistry registry) {
        return attach(registry, new RateLimiterLogger(LogFactory.getLog(RATE_LIMITER_LOGGER)));
    }

    /** Logs the timeouts of {@code registry}. */
    public synchronized ResilienceLogging follow(TimeoutRegistry registry) {
        return attach(registry, new TimeoutLogger(LogFactory.getLog(TIMEOUT_LOGGER)));
    }

    /** Detaches every listener this object attached. */
    @Override
    public synchronized void close() {
        for (Runnable action : detach) {
            action.run();
        }
        detach.clear();
    }

    private <L> ResilienceLogging attach(Registry<?, ?, L> registry, L listener) {
        registry.addListener(listener);
        detach.add(() -> registry.removeListener(listener));
        return this;
    }

    static String describe(@Nullable Throwable error) {
        if (error == null) {
            return "a result that is retried";
        }
        String message = error.getMessage();
        return message == null ? error.getClass().getName() : error.getClass().getName() + ": " + message;
    }

    static String format(long nanos) {
        if (nanos % 1_000_000 == 0) {
            return (nanos / 1_000_000) + "ms";
        }
        return nanos < 1_000_000 ? nanos + "ns" : Math.round(nanos / 100_000.0) / 10.0 + "ms";
    }

    private static String percent(float rate) {
        return rate < 0 ? "not yet computed" : rate + "%";
    }

    static final class CircuitBreakerLogger implements CircuitBreakerListener {

        private final Log log;

        CircuitBreakerLogger(Log log) {
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
                        + percent(metrics.failureRate()) + ", slow-call rate " + percent(metrics.slowCallRate()) + ", "
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

    static final class RetryLogger implements RetryListener {

        private final Log log;

        RetryLogger(Log log) {
            this.log = log;
        }

        @Override
        public void onRetry(Retry retry, int attempt, long waitNanos, @Nullable Throwable lastErrorOrNull) {
            if (log.isDebugEnabled()) {
                log.debug("Retry '" + retry.name() + "': attempt " + attempt + " failed with "
                        + describe(lastErrorOrNull) + "; retrying in " + format(waitNanos));
            }
        }

        @Override
        public void onError(Retry retry, int attempts, @Nullable Throwable lastErrorOrNull) {
            if (log.isDebugEnabled()) {
                log.debug("Retry '" + retry.name() + "': giving up after " + attempts
                        + (attempts == 1 ? " attempt" : " attempts") + ", the last failed with "
                        + describe(lastErrorOrNull));
            }
        }

        @Override
        public void onBudgetExhausted(Retry retry, int attempt, @Nullable Throwable lastErrorOrNull) {
            if (log.isDebugEnabled()) {
                log.debug("Retry '" + retry.name() + "': the retry budget refused a retry after attempt " + attempt);
            }
        }
    }

    static final class BulkheadLogger implements BulkheadListener, ThreadPoolBulkheadListener {

        private final Log log;

        BulkheadLogger(Log log) {
            this.log = log;
        }

        @Override
        public void onRejected(Bulkhead bulkhead) {
            if (log.isDebugEnabled()) {
                log.debug("Bulkhead '" + bulkhead.name() + "' is full (max-concurrent-calls "
                        + bulkhead.metrics().maxAllowedConcurrentCalls() + ") and rejected a call");
            }
        }

        @Override
        public void onRejected(ThreadPoolBulkhead bulkhead) {
            if (log.isDebugEnabled()) {
                ThreadPoolBulkhead.Metrics metrics = bulkhead.metrics();
                log.debug("Thread-pool bulkhead '" + bulkhead.name() + "' is full (" + metrics.activeThreadCount()
                        + " of " + metrics.maximumThreadPoolSize() + " threads busy, " + metrics.queueDepth() + " of "
                        + metrics.queueCapacity() + " queued) and rejected a call");
            }
        }
    }

    static final class RateLimiterLogger implements RateLimiterListener {

        private final Log log;

        RateLimiterLogger(Log log) {
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

    static final class TimeoutLogger implements TimeoutListener {

        private final Log log;

        TimeoutLogger(Log log) {
            this.log = log;
        }

        @Override
        public void onTimeout(Timeout timeout, long timeoutNanos) {
            if (log.isDebugEnabled()) {
                log.debug("Timeout '" + timeout.name() + "': the call did not complete within " + format(timeoutNanos));
            }
        }
    }
}
