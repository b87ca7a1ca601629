package dev.resilience.ratelimiter.internal;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;

import java.util.Map;
import java.util.Objects;

/**
 * What a plain limiter has on its own and the keys of a keyed limiter share: the name, the current settings and
 * the listeners. Thread-safe.
 */
final class Shared {

    final String name;
    final ListenerList<RateLimiterListener> listeners = new ListenerList<>(RateLimiterListener.class);
    volatile Settings settings;

    Shared(String name, RateLimiterConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = new Settings(Objects.requireNonNull(config, "config"));
    }

    void permitted(RateLimiter limiter, int permits) {
        for (RateLimiterListener listener : listeners.get()) {
            try {
                listener.onPermitted(limiter, permits);
            } catch (Throwable t) {
                guard(listener, t);
            }
        }
    }

    void rejected(RateLimiter limiter, int permits) {
        for (RateLimiterListener listener : listeners.get()) {
            try {
                listener.onRejected(limiter, permits);
            } catch (Throwable t) {
                guard(listener, t);
            }
        }
    }

    private static void guard(RateLimiterListener listener, Throwable failure) {
        if (failure instanceof VirtualMachineError) {
            throw (VirtualMachineError) failure;
        }
        ListenerList.failed(listener, failure);
    }

    RateLimiterListener onEvent(EventConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        RateLimiterListener adapter = new EventAdapter(this, consumer);
        listeners.add(adapter);
        return adapter;
    }

    /** Builds {@link ResilienceEvent}s for one consumer; only exists while someone asked for event objects. */
    private static final class EventAdapter implements RateLimiterListener {

        private final Shared shared;
        private final EventConsumer consumer;

        EventAdapter(Shared shared, EventConsumer consumer) {
            this.shared = shared;
            this.consumer = consumer;
        }

        @Override
        public void onPermitted(RateLimiter rateLimiter, int permits) {
            publish("PERMITTED", permits);
        }

        @Override
        public void onRejected(RateLimiter rateLimiter, int permits) {
            publish("REJECTED", permits);
        }

        private void publish(String type, int permits) {
            consumer.onEvent(new ResilienceEvent(RateLimiter.PATTERN, shared.name, type,
                    shared.settings.config.clock().instant(), Map.of("permits", permits)));
        }

        @Override
        public String toString() {
            return "EventAdapter[" + consumer + "]";
        }
    }
}
