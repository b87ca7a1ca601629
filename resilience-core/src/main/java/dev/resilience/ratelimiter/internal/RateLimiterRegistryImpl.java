package dev.resilience.ratelimiter.internal;

import dev.resilience.core.registry.AbstractRegistry;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.ratelimiter.RateLimiterRegistry;

/**
 * The {@link RateLimiterRegistry}: plain limiters here, keyed ones in an embedded
 * {@link KeyedRateLimiterRegistryImpl} that every configuration and listener call is forwarded to, so both kinds
 * see the same configurations. Internal: use {@link RateLimiterRegistry#of}.
 */
public final class RateLimiterRegistryImpl extends AbstractRegistry<RateLimiter, RateLimiterConfig, RateLimiterListener>
        implements RateLimiterRegistry {

    private final KeyedRateLimiterRegistryImpl keyed;

    public RateLimiterRegistryImpl(RateLimiterConfig defaultConfig) {
        super(defaultConfig);
        this.keyed = new KeyedRateLimiterRegistryImpl(defaultConfig);
    }

    @Override
    protected RateLimiter create(String name, RateLimiterConfig config) {
        return RateLimiter.of(name, config);
    }

    @Override
    protected void attach(RateLimiter instance, RateLimiterListener listener) {
        instance.addListener(listener);
    }

    @Override
    protected void detach(RateLimiter instance, RateLimiterListener listener) {
        instance.removeListener(listener);
    }

    @Override
    protected void reconfigure(RateLimiter instance, RateLimiterConfig config) {
        instance.reconfigure(config);
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
}
