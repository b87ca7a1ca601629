package dev.resilience.spring.boot.actuate;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadListener;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryListener;
import dev.resilience.spring.aop.FallbackObserver;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutListener;
import org.jspecify.annotations.Nullable;

/**
 * The typed listeners that feed a {@link ResilienceEventBuffer}. Each overrides only the callbacks worth
 * reading later (transitions, failures, rejections, retries, timeouts, fallbacks, resets) and builds an event
 * object there; a successful call reaches only the interfaces' no-op defaults, so it allocates nothing here.
 *
 * <p>Types and detail keys are those of the core's {@code onEvent} adapters, so an event reads the same
 * wherever it comes from; durations are ISO-8601 strings ({@code PT0.25S}) and exceptions are named by class,
 * so the details serialize to the same JSON whatever mapper the application configures.
 */
final class EventRecorders {

    static final String CIRCUIT_BREAKER = "circuit-breaker";
    static final String RETRY = "retry";
    static final String BULKHEAD = "bulkhead";
    static final String THREAD_POOL_BULKHEAD = "thread-pool-bulkhead";
    static final String RATE_LIMITER = "rate-limiter";
    static final String TIMEOUT = "timeout";
    static final String FALLBACK = "fallback";

    private EventRecorders() {
    }

    private static String duration(long nanos) {
        return Duration.ofNanos(nanos).toString();
    }

    private static void exception(Map<String, Object> details, Throwable error) {
        details.put("exception", error.getClass().getName());
        String message = error.getMessage();
        if (message != null) {
            details.put("message", message);
        }
    }

    private static void error(Map<String, Object> details, @Nullable Throwable errorOrNull) {
        if (errorOrNull != null) {
            details.put("error", errorOrNull.toString());
        }
    }

    /** Everything but successful calls: failures, rejections, slow calls, transitions, resets, thresholds. */
    static final class CircuitBreakerRecorder implements CircuitBreakerListener {

        private final ResilienceEventBuffer buffer;

        CircuitBreakerRecorder(ResilienceEventBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void onError(CircuitBreaker circuitBreaker, long durationNanos, Throwable error) {
            record(circuitBreaker, "ERROR", failure(durationNanos, error));
        }

        @Override
        public void onIgnoredError(CircuitBreaker circuitBreaker, long durationNanos, Throwable error) {
            record(circuitBreaker, "IGNORED_ERROR", failure(durationNanos, error));
        }

        @Override
        public void onNotPermitted(CircuitBreaker circuitBreaker) {
            record(circuitBreaker, "NOT_PERMITTED", Map.of());
        }

        @Override
        public void onSlowCall(CircuitBreaker circuitBreaker, long durationNanos) {
            record(circuitBreaker, "SLOW_CALL", Map.of("duration", duration(durationNanos)));
        }

        @Override
        public void onStateTransition(CircuitBreaker circuitBreaker, CircuitBreaker.State from,
                CircuitBreaker.State to) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("fromState", from.name());
            details.put("toState", to.name());
            record(circuitBreaker, "STATE_TRANSITION", details);
        }

        @Override
        public void onReset(CircuitBreaker circuitBreaker) {
            record(circuitBreaker, "RESET", Map.of());
        }

        @Override
        public void onFailureRateExceeded(CircuitBreaker circuitBreaker, float failureRate) {
            record(circuitBreaker, "FAILURE_RATE_EXCEEDED", Map.of("failureRate", failureRate));
        }

        @Override
        public void onSlowCallRateExceeded(CircuitBreaker circuitBreaker, float slowCallRate) {
            record(circuitBreaker, "SLOW_CALL_RATE_EXCEEDED", Map.of("slowCallRate", slowCallRate));
        }

        private static Map<String, Object> failure(long durationNanos, Throwable error) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("duration", duration(durationNanos));
            exception(details, error);
            return details;
        }

        private void record(CircuitBreaker circuitBreaker, String type, Map<String, ?> details) {
            buffer.record(new ResilienceEvent(CIRCUIT_BREAKER, circuitBreaker.name(), type,
                    circuitBreaker.config().clock().instant(), details));
        }

        @Override
        public String toString() {
            return "ResilienceEventBuffer[circuit-breaker]";
        }
    }

    /**
     * Retries, exhausted and refused calls, non-retried errors, and a success only when it needed retries
     * (a success at the first attempt is the common case and is not recorded).
     */
    static final class RetryRecorder implements RetryListener {

        private final ResilienceEventBuffer buffer;

        RetryRecorder(ResilienceEventBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void onRetry(Retry retry, int attempt, long waitNanos, @Nullable Throwable lastErrorOrNull) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("attempt", attempt);
            details.put("waitDuration", duration(waitNanos));
            error(details, lastErrorOrNull);
            record(retry, "RETRY", details);
        }

        @Override
        public void onSuccess(Retry retry, int attempts) {
            if (attempts > 1) {
                record(retry, "SUCCESS", Map.of("attempts", attempts));
            }
        }

        @Override
        public void onError(Retry retry, int attempts, @Nullable Throwable lastErrorOrNull) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("attempts", attempts);
            error(details, lastErrorOrNull);
            record(retry, "ERROR", details);
        }

        @Override
        public void onIgnoredError(Retry retry, Throwable error) {
            record(retry, "IGNORED_ERROR", Map.of("error", error.toString()));
        }

        @Override
        public void onBudgetExhausted(Retry retry, int attempt, @Nullable Throwable lastErrorOrNull) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("attempt", attempt);
            error(details, lastErrorOrNull);
            record(retry, "BUDGET_EXHAUSTED", details);
        }

        private void record(Retry retry, String type, Map<String, ?> details) {
            buffer.record(new ResilienceEvent(RETRY, retry.name(), type, retry.config().clock().instant(), details));
        }

        @Override
        public String toString() {
            return "ResilienceEventBuffer[retry]";
        }
    }

    /** Rejections only: a permitted or finished call is the common case. */
    static final class BulkheadRecorder implements BulkheadListener {

        private final ResilienceEventBuffer buffer;

        BulkheadRecorder(ResilienceEventBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void onRejected(Bulkhead bulkhead) {
            buffer.record(new ResilienceEvent(BULKHEAD, bulkhead.name(), "CALL_REJECTED",
                    bulkhead.config().clock().instant(), Map.of()));
        }

        @Override
        public String toString() {
            return "ResilienceEventBuffer[bulkhead]";
        }
    }

    /** Rejections only: a permitted or finished call is the common case. */
    static final class ThreadPoolBulkheadRecorder implements ThreadPoolBulkheadListener {

        private final ResilienceEventBuffer buffer;

        ThreadPoolBulkheadRecorder(ResilienceEventBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void onRejected(ThreadPoolBulkhead bulkhead) {
            buffer.record(new ResilienceEvent(THREAD_POOL_BULKHEAD, bulkhead.name(), "CALL_REJECTED",
                    bulkhead.config().clock().instant(), Map.of()));
        }

        @Override
        public String toString() {
            return "ResilienceEventBuffer[thread-pool-bulkhead]";
        }
    }

    /** Rejections only, of plain and keyed limiters (named after the keyed limiter, never the key). */
    static final class RateLimiterRecorder implements RateLimiterListener {

        private final ResilienceEventBuffer buffer;

        RateLimiterRecorder(ResilienceEventBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void onRejected(RateLimiter rateLimiter, int permits) {
            buffer.record(new ResilienceEvent(RATE_LIMITER, rateLimiter.name(), "REJECTED",
                    rateLimiter.config().clock().instant(), Map.of("permits", permits)));
        }

        @Override
        public String toString() {
            return "ResilienceEventBuffer[rate-limiter]";
        }
    }

    /** Timeouts and failures; a call that completes in time is not recorded. */
    static final class TimeoutRecorder implements TimeoutListener {

        private final ResilienceEventBuffer buffer;

        TimeoutRecorder(ResilienceEventBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void onError(Timeout timeout, long durationNanos, Throwable failure) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("duration", duration(durationNanos));
            exception(details, failure);
            record(timeout, "ERROR", details);
        }

        @Override
        public void onTimeout(Timeout timeout, long timeoutNanos) {
            record(timeout, "TIMEOUT", Map.of("timeout", duration(timeoutNanos)));
        }

        private void record(Timeout timeout, String type, Map<String, ?> details) {
            buffer.record(new ResilienceEvent(TIMEOUT, timeout.name(), type, timeout.config().clock().instant(),
                    details));
        }

        @Override
        public String toString() {
            return "ResilienceEventBuffer[timeout]";
        }
    }

    /**
     * The fallbacks of annotated methods ({@code @Fallback}), named {@code SimpleClassName#method} after the
     * protected method; the annotation layer tells it only when a fallback ran.
     */
    static final class FallbackRecorder implements FallbackObserver {

        private final ResilienceEventBuffer buffer;

        private final Clock clock;

        FallbackRecorder(ResilienceEventBuffer buffer, Clock clock) {
            this.buffer = buffer;
            this.clock = clock;
        }

        @Override
        public void onFallbackSucceeded(String protectedMethod, String fallbackMethod, Throwable failure) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("fallbackMethod", fallbackMethod);
            details.put("error", failure.toString());
            buffer.record(new ResilienceEvent(FALLBACK, protectedMethod, "FALLBACK", clock.instant(), details));
        }

        @Override
        public void onFallbackFailed(String protectedMethod, Throwable failure) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("error", failure.toString());
            details.put("suppressed", failure.getSuppressed().length);
            buffer.record(new ResilienceEvent(FALLBACK, protectedMethod, "FALLBACK_FAILED", clock.instant(),
                    details));
        }

        @Override
        public String toString() {
            return "ResilienceEventBuffer[fallback]";
        }
    }
}
