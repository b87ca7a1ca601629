package dev.resilience.retry;

import dev.resilience.core.registry.DefaultRegistry;
import dev.resilience.core.registry.Registry;

/**
 * Named {@link Retry} instances sharing named configurations ({@code resilience.retry.configs.*}), created on
 * first use: the same name always returns the same instance, so the same metrics and listeners. A listener
 * added to the registry is added to every retry, present and future.
 *
 * <p>Thread-safe.
 *
 * @see Registry
 * @since 0.1.0
 */
public interface RetryRegistry extends Registry<Retry, RetryConfig, RetryListener> {

    /** A registry whose {@value Registry#DEFAULT_CONFIG} configuration is {@code defaultConfig}. */
    static RetryRegistry of(RetryConfig defaultConfig) {
        final class DefaultRetryRegistry extends DefaultRegistry<Retry, RetryConfig, RetryListener>
                implements RetryRegistry {
            DefaultRetryRegistry() {
                super("retry", defaultConfig, Retry::of, Retry::reconfigure);
            }
        }
        return new DefaultRetryRegistry();
    }

    /** A registry whose default configuration is {@link RetryConfig#ofDefaults()}. */
    static RetryRegistry ofDefaults() {
        return of(RetryConfig.ofDefaults());
    }
}
