package dev.resilience.ratelimiter;

import dev.resilience.core.registry.DefaultRegistry;
import dev.resilience.core.registry.Registry;

/**
 * Named {@link KeyedRateLimiter}s. Usually reached through {@link RateLimiterRegistry#keyedLimiters()}, which
 * keeps its configurations and listeners in step with the plain limiters'; configurations and listeners set
 * directly on this view apply to keyed limiters only. Can also stand alone.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public interface KeyedRateLimiterRegistry extends Registry<KeyedRateLimiter, RateLimiterConfig, RateLimiterListener> {

    /** A stand-alone registry whose default configuration is {@code defaultConfig}. */
    static KeyedRateLimiterRegistry of(RateLimiterConfig defaultConfig) {
        final class DefaultKeyedRateLimiterRegistry
                extends DefaultRegistry<KeyedRateLimiter, RateLimiterConfig, RateLimiterListener>
                implements KeyedRateLimiterRegistry {
            DefaultKeyedRateLimiterRegistry() {
                super("rate-limiter", defaultConfig, KeyedRateLimiter::of, KeyedRateLimiter::reconfigure);
            }
        }
        return new DefaultKeyedRateLimiterRegistry();
    }

    /** A stand-alone registry whose default configuration is {@link RateLimiterConfig#ofDefaults()}. */
    static KeyedRateLimiterRegistry ofDefaults() {
        return of(RateLimiterConfig.ofDefaults());
    }
}
