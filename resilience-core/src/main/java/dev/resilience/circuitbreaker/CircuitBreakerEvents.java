package dev.resilience.circuitbreaker;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ResilienceEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns listener callbacks into {@link ResilienceEvent}s for an {@link EventConsumer}: the only place where
 * a circuit breaker builds event objects, and only for those who asked for them. Reads the name and clock of
 * the breaker each callback names, so one adapter can follow every breaker of a registry.
 *
 * @see CircuitBreakerListener#events(EventConsumer)
 */
final class CircuitBreakerEvents implements CircuitBreakerListener {

    static final String PATTERN = "circuit-breaker";

    private final EventConsumer consumer;

    CircuitBreakerEvents(EventConsumer consumer) {
        this.consumer = java.util.Objects.requireNonNull(consumer, "consumer");
    }

    @Override
    public void onSuccess(CircuitBreaker circuitBreaker, long durationNanos) {
        if (!consumer.routineEvents()) {
            return;
        }
        emit(circuitBreaker, "SUCCESS", Map.of("duration", Duration.ofNanos(durationNanos)));
    }

    @Override
    public void onError(CircuitBreaker circuitBreaker, long durationNanos, Throwable error) {
        emit(circuitBreaker, "ERROR", failure(durationNanos, error));
    }

    @Override
    public void onIgnoredError(CircuitBreaker circuitBreaker, long durationNanos, Throwable error) {
        emit(circuitBreaker, "IGNORED_ERROR", failure(durationNanos, error));
    }

    @Override
    public void onNotPermitted(CircuitBreaker circuitBreaker) {
        emit(circuitBreaker, "NOT_PERMITTED", Map.of());
    }

    @Override
    public void onSlowCall(CircuitBreaker circuitBreaker, long durationNanos) {
        emit(circuitBreaker, "SLOW_CALL", Map.of("duration", Duration.ofNanos(durationNanos)));
    }

    @Override
    public void onStateTransition(CircuitBreaker circuitBreaker, CircuitBreaker.State from, CircuitBreaker.State to) {
        onStateTransition(circuitBreaker, from, to, null);
    }

    @Override
    public void onStateTransition(CircuitBreaker circuitBreaker, CircuitBreaker.State from, CircuitBreaker.State to,
            String instanceId) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fromState", from.name());
        details.put("toState", to.name());
        if (instanceId != null) {
            details.put("instance", instanceId);
        }
        emit(circuitBreaker, "STATE_TRANSITION", details);
    }

    @Override
    public void onReset(CircuitBreaker circuitBreaker) {
        emit(circuitBreaker, "RESET", Map.of());
    }

    @Override
    public void onFailureRateExceeded(CircuitBreaker circuitBreaker, float failureRate) {
        emit(circuitBreaker, "FAILURE_RATE_EXCEEDED", Map.of("failureRate", failureRate));
    }

    @Override
    public void onSlowCallRateExceeded(CircuitBreaker circuitBreaker, float slowCallRate) {
        emit(circuitBreaker, "SLOW_CALL_RATE_EXCEEDED", Map.of("slowCallRate", slowCallRate));
    }

    private static Map<String, Object> failure(long durationNanos, Throwable error) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("duration", Duration.ofNanos(durationNanos));
        details.put("exception", error.getClass().getName());
        String message = error.getMessage();
        if (message != null) {
            details.put("message", message);
        }
        return details;
    }

    private void emit(CircuitBreaker circuitBreaker, String type, Map<String, ?> details) {
        Instant time = Instant.now(circuitBreaker.config().clock());
        consumer.onEvent(new ResilienceEvent(PATTERN, circuitBreaker.name(), type, time, details));
    }

    @Override
    public String toString() {
        return "CircuitBreakerEvents[" + consumer + "]";
    }
}
