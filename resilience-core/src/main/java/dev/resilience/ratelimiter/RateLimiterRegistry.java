package dev.resilience.ratelimiter;

import dev.resilience.core.registry.Registry;
import dev.resilience.ratelimiter.internal.DefaultRateLimiterRegistry;

/**
 * Named {@link RateLimiter}s and {@link KeyedRateLimiter}s, created on first use and shared afterwards, with
 * shared configurations (the one named {@value Registry#DEFAULT_CONFIG} applies to every instance that has none
 * of its own).
 *
 * <p>Keyed limiters live in the same registry: {@link #keyed(String)} gets or creates the keyed limiter of a
 * name with the configuration that {@link #get(String)} would give the plain limiter of that name. Everything
 * set up through this registry applies to both kinds: {@link #addConfig}, {@link #configureInstance} (which
 * reconfigures an existing plain and keyed instance of that name in place) and {@link #addListener}.
 * {@link #keyedLimiters()} gives the full registry view of the keyed ones, to find, list or remove them and to
 * follow them with a {@link dev.resilience.core.registry.RegistryListener}. A plain and a keyed limiter of the
 * same name are different instances with separate state.
 *
 * <pre>{@code
 * RateLimiterRegistry registry = RateLimiterRegistry.of(RateLimiterConfig.builder().limitForPeriod(100).build());
 * RateLimiter backend = registry.get("backend");
 * KeyedRateLimiter perUser = registry.keyed("api");
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public interface RateLimiterRegistry extends Registry<RateLimiter, RateLimiterConfig, RateLimiterListener> {

    /** A registry whose default configuration is {@code defaultConfig}. */
    static RateLimiterRegistry of(RateLimiterConfig defaultConfig) {
        return new DefaultRateLimiterRegistry(defaultConfig);
    }

    /** A registry whose default configuration is {@link RateLimiterConfig#ofDefaults()}. */
    static RateLimiterRegistry ofDefaults() {
        return of(RateLimiterConfig.ofDefaults());
    }

    /**
     * The keyed limiter called {@code name}, created on first use with the configuration given to
     * {@link #configureInstance} for that name, or else the default configuration.
     */
    KeyedRateLimiter keyed(String name);

    /** The keyed limiters of this registry, with the full registry API. */
    KeyedRateLimiterRegistry keyedLimiters();
}
