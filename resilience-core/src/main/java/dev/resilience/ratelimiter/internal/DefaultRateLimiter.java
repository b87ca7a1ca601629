package dev.resilience.ratelimiter.internal;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.internal.Tickers;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.ratelimiter.spi.RateLimiterStore;

import java.util.Objects;

/** A plain (unkeyed) {@link RateLimiter}. Thread-safe. Internal: use {@link RateLimiter#of}. */
public final class DefaultRateLimiter extends AbstractRateLimiter {

    private volatile RateLimiterStore store;

    public DefaultRateLimiter(String name, RateLimiterConfig config) {
        super(new Shared(name, config));
        this.store = config.storeFactory().create(name, null, config);
    }

    @Override
    RateLimiterStore store() {
        return store;
    }

    @Override
    public synchronized void reconfigure(RateLimiterConfig config) {
        Objects.requireNonNull(config, "config");
        RateLimiterConfig old = shared.settings.config;
        if (!Tickers.sameTimeBase(old.ticker(), config.ticker()) || old.storeFactory() != config.storeFactory()) {
            // Readings of another ticker, or another store's state, mean nothing to the new one: start afresh.
            store = config.storeFactory().create(shared.name, null, config);
        } else {
            store.reconfigure(config);
        }
        shared.settings = new Settings(config);
    }

    @Override
    public void addListener(RateLimiterListener listener) {
        shared.listeners.add(listener);
    }

    @Override
    public boolean removeListener(RateLimiterListener listener) {
        return shared.listeners.remove(listener);
    }

    @Override
    public RateLimiterListener onEvent(EventConsumer consumer) {
        return shared.onEvent(consumer);
    }

    @Override
    public String toString() {
        return "RateLimiter[" + shared.name + ", " + shared.settings.description + "]";
    }
}
