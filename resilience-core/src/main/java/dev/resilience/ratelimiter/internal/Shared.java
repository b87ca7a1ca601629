package dev.resilience.ratelimiter.internal;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;
import dev.resilience.core.event.ListenerList.Notification;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;

import java.util.Objects;

/**
 * What a plain limiter has on its own and the keys of a keyed limiter share: the name, the current settings and
 * the listeners. Thread-safe.
 */
final class Shared {

    private static final Notification<RateLimiterListener, RateLimiter> PERMITTED =
            (listener, limiter, permits, unused, none) -> listener.onPermitted(limiter, (int) permits);
    private static final Notification<RateLimiterListener, RateLimiter> REJECTED =
            (listener, limiter, permits, unused, none) -> listener.onRejected(limiter, (int) permits);

    final String name;
    final ListenerList<RateLimiterListener> listeners = new ListenerList<>(RateLimiterListener.class);
    volatile Settings settings;

    Shared(String name, RateLimiterConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = new Settings(Objects.requireNonNull(config, "config"));
    }

    void permitted(RateLimiter limiter, int permits) {
        listeners.deliver(PERMITTED, limiter, permits);
    }

    void rejected(RateLimiter limiter, int permits) {
        listeners.deliver(REJECTED, limiter, permits);
    }

    RateLimiterListener onEvent(EventConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        RateLimiterListener adapter = RateLimiterListener.events(consumer);
        listeners.add(adapter);
        return adapter;
    }
}
