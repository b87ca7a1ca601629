package dev.resilience.timeout;

import dev.resilience.core.registry.DefaultRegistry;
import dev.resilience.core.registry.Registry;

/**
 * Named {@link Timeout}s, created on first use from the shared configurations. Thread-safe.
 *
 * @since 0.1.0
 */
public interface TimeoutRegistry extends Registry<Timeout, TimeoutConfig, TimeoutListener> {

    /** A registry whose {@code default} configuration is {@code defaultConfig}. */
    static TimeoutRegistry of(TimeoutConfig defaultConfig) {
        final class DefaultTimeoutRegistry extends DefaultRegistry<Timeout, TimeoutConfig, TimeoutListener>
                implements TimeoutRegistry {
            DefaultTimeoutRegistry() {
                super("timeout", defaultConfig, Timeout::of, Timeout::reconfigure);
            }
        }
        return new DefaultTimeoutRegistry();
    }

    /** A registry whose {@code default} configuration is {@link TimeoutConfig#ofDefaults()}. */
    static TimeoutRegistry ofDefaults() {
        return of(TimeoutConfig.ofDefaults());
    }
}
