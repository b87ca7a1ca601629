package dev.resilience.fallback;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ResilienceEvent;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Turns listener calls into {@link ResilienceEvent}s; see {@link Fallback#onEvent}. */
final class FallbackEvents implements FallbackListener {

    static final String PATTERN = "fallback";

    private final EventConsumer consumer;

    FallbackEvents(EventConsumer consumer) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    @Override
    public void onFallback(Fallback<?> fallback, int handlerIndex, Throwable failure) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("handlerIndex", handlerIndex);
        details.put("error", String.valueOf(failure));
        publish(fallback, "FALLBACK", details);
    }

    @Override
    public void onFallbackFailed(Fallback<?> fallback, Throwable original) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("error", String.valueOf(original));
        details.put("suppressed", original.getSuppressed().length);
        publish(fallback, "FALLBACK_FAILED", details);
    }

    private void publish(Fallback<?> fallback, String type, Map<String, ?> details) {
        Clock clock = fallback.config().clock();
        consumer.onEvent(new ResilienceEvent(PATTERN, fallback.name(), type, clock.instant(), details));
    }

    @Override
    public String toString() {
        return "FallbackEvents[" + consumer + "]";
    }
}
