package dev.resilience.ratelimiter.internal;

import dev.resilience.core.registry.AbstractRegistry;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;

/** The {@link KeyedRateLimiterRegistry}. Internal: use {@link KeyedRateLimiterRegistry#of}. */
public final class KeyedRateLimiterRegistryImpl
        extends AbstractRegistry<KeyedRateLimiter, RateLimiterConfig, RateLimiterListener>
        implements KeyedRateLimiterRegistry {

    public KeyedRateLimiterRegistryImpl(RateLimiterConfig defaultConfig) {
        super(defaultConfig);
    }

    @Override
    protected KeyedRateLimiter create(String name, RateLimiterConfig config) {
        return KeyedRateLimiter.of(name, config);
    }

    @Override
    protected void attach(KeyedRateLimiter instance, RateLimiterListener listener) {
        instance.addListener(listener);
    }

    @Override
    protected void detach(KeyedRateLimiter instance, RateLimiterListener listener) {
        instance.removeListener(listener);
    }

    @Override
    protected void reconfigure(KeyedRateLimiter instance, RateLimiterConfig config) {
        instance.reconfigure(config);
    }
}
