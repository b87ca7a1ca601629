package dev.resilience.retry;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ResilienceEvent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Turns listener calls into {@link ResilienceEvent}s for an {@link EventConsumer}; see {@link Retry#onEvent}. */
final class RetryEvents implements RetryListener {

    static final String PATTERN = "retry";

    private final EventConsumer consumer;

    RetryEvents(EventConsumer consumer) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    @Override
    public void onRetry(Retry retry, int attempt, long waitNanos, Throwable lastErrorOrNull) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("attempt", attempt);
        details.put("waitDuration", Duration.ofNanos(waitNanos));
        error(details, lastErrorOrNull);
        publish(retry, "RETRY", details);
    }

    @Override
    public void onSuccess(Retry retry, int attempts) {
        if (attempts == 1 && !consumer.routineEvents()) {
            return;
        }
        publish(retry, "SUCCESS", Map.of("attempts", attempts));
    }

    @Override
    public void onError(Retry retry, int attempts, Throwable lastErrorOrNull) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("attempts", attempts);
        error(details, lastErrorOrNull);
        publish(retry, "ERROR", details);
    }

    @Override
    public void onIgnoredError(Retry retry, Throwable error) {
        publish(retry, "IGNORED_ERROR", Map.of("error", String.valueOf(error)));
    }

    @Override
    public void onBudgetExhausted(Retry retry, int attempt, Throwable lastErrorOrNull) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("attempt", attempt);
        error(details, lastErrorOrNull);
        publish(retry, "BUDGET_EXHAUSTED", details);
    }

    private static void error(Map<String, Object> details, Throwable errorOrNull) {
        if (errorOrNull != null) {
            details.put("error", errorOrNull.toString());
        }
    }

    private void publish(Retry retry, String type, Map<String, ?> details) {
        consumer.onEvent(new ResilienceEvent(PATTERN, retry.name(), type, retry.config().clock().instant(), details));
    }

    @Override
    public String toString() {
        return "RetryEvents[" + consumer + "]";
    }
}
