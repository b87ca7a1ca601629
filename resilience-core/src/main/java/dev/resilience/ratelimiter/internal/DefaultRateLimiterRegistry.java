package dev.resilience.ratelimiter.internal;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.registry.DefaultRegistry;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.ratelimiter.RateLimiterRegistry;

/**
 * The {@link RateLimiterRegistry}: plain limiters here, keyed ones in an embedded
 * {@link KeyedRateLimiterRegistry} that every configuration, listener and event-consumer call is forwarded to,
 * so both kinds see the same configurations. Internal: use {@link RateLimiterRegistry#of}.
 */
public final class DefaultRateLimiterRegistry extends DefaultRegistry<RateLimiter, RateLimiterConfig, RateLimiterListener>
        implements RateLimiterRegistry {

    private final KeyedRateLimiterRegistry keyed;

    public DefaultRateLimiterRegistry(RateLimiterConfig defaultConfig) {
        super("rate-limiter", defaultConfig, RateLimiter::of, RateLimiter::reconfigure);
        this.keyed = KeyedRateLimiterRegistry.of(defaultConfig);
    }

    @Override
    public KeyedRateLimiter keyed(String name) {
        return keyed.get(name);
    }

    @Override
    public KeyedRateLimiterRegistry keyedLimiters() {
        return keyed;
    }

    @Override
    public void addConfig(String configName, RateLimiterConfig config) {
        super.addConfig(configName, config);
        keyed.addConfig(configName, config);
    }

    @Override
    public void configureInstance(String name, RateLimiterConfig config) {
        super.configureInstance(name, config);
        keyed.configureInstance(name, config);
    }

    @Override
    public void addListener(RateLimiterListener listener) {
        super.addListener(listener);
        keyed.addListener(listener);
    }

    @Override
    public void removeListener(RateLimiterListener listener) {
        super.removeListener(listener);
        keyed.removeListener(listener);
    }

    @Override
    public void onEvent(EventConsumer consumer) {
        super.onEvent(consumer);
        keyed.onEvent(consumer);
    }

    @Override
    public boolean removeEventConsumer(EventConsumer consumer) {
        boolean removed = super.removeEventConsumer(consumer);
        return keyed.removeEventConsumer(consumer) || removed;
    }
}
