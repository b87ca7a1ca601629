package dev.resilience.ratelimiter;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ResilienceEvent;

import java.util.Map;
import java.util.Objects;

/**
 * Turns rate limiter callbacks into {@link ResilienceEvent}s for an {@link EventConsumer}: the only place where
 * rate limiters build event objects. A permitted call is routine; a rejection always makes an event. One key's
 * limiter of a keyed limiter reports under the keyed limiter's name, never the key.
 *
 * @see RateLimiterListener#events(EventConsumer)
 */
final class RateLimiterEvents implements RateLimiterListener {

    private final EventConsumer consumer;

    RateLimiterEvents(EventConsumer consumer) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    @Override
    public void onPermitted(RateLimiter rateLimiter, int permits) {
        if (consumer.routineEvents()) {
            publish(rateLimiter, "PERMITTED", permits);
        }
    }

    @Override
    public void onRejected(RateLimiter rateLimiter, int permits) {
        publish(rateLimiter, "REJECTED", permits);
    }

    private void publish(RateLimiter rateLimiter, String type, int permits) {
        consumer.onEvent(new ResilienceEvent(RateLimiter.PATTERN, rateLimiter.name(), type,
                rateLimiter.config().clock().instant(), Map.of("permits", permits)));
    }

    @Override
    public String toString() {
        return "RateLimiterEvents[" + consumer + "]";
    }
}
