package dev.resilience.timeout;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ResilienceEvent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns timeout callbacks into {@link ResilienceEvent}s for an {@link EventConsumer}: the only place where
 * timeouts build event objects. A call that completes in time is routine; a timeout or a failure always makes
 * an event.
 *
 * @see TimeoutListener#events(EventConsumer)
 */
final class TimeoutEvents implements TimeoutListener {

    private final EventConsumer consumer;

    TimeoutEvents(EventConsumer consumer) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    @Override
    public void onSuccess(Timeout timeout, long durationNanos) {
        if (consumer.routineEvents()) {
            publish(timeout, "SUCCESS", Map.of("duration", Duration.ofNanos(durationNanos)));
        }
    }

    @Override
    public void onError(Timeout timeout, long durationNanos, Throwable failure) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("duration", Duration.ofNanos(durationNanos));
        details.put("exception", failure.getClass().getName());
        String message = failure.getMessage();
        if (message != null) {
            details.put("message", message);
        }
        publish(timeout, "ERROR", details);
    }

    @Override
    public void onTimeout(Timeout timeout, long timeoutNanos) {
        publish(timeout, "TIMEOUT", Map.of("timeout", Duration.ofNanos(timeoutNanos)));
    }

    private void publish(Timeout timeout, String type, Map<String, ?> details) {
        consumer.onEvent(new ResilienceEvent("timeout", timeout.name(), type, timeout.config().clock().instant(),
                details));
    }

    @Override
    public String toString() {
        return "TimeoutEvents[" + consumer + "]";
    }
}
