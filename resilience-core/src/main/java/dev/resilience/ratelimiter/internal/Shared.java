package dev.resilience.ratelimiter.internal;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;

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
        RateLimiterListener adapter = RateLimiterListener.events(consumer);
        listeners.add(adapter);
        return adapter;
    }
}
