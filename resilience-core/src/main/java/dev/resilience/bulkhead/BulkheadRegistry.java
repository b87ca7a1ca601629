package dev.resilience.bulkhead;

import dev.resilience.core.registry.DefaultRegistry;
import dev.resilience.core.registry.Registry;

/**
 * Named semaphore {@link Bulkhead}s, created on first use from the shared configurations. Thread-safe.
 *
 * @since 0.1.0
 */
public interface BulkheadRegistry extends Registry<Bulkhead, BulkheadConfig, BulkheadListener> {

    /** A registry whose {@code default} configuration is {@code defaultConfig}. */
    static BulkheadRegistry of(BulkheadConfig defaultConfig) {
        final class DefaultBulkheadRegistry extends DefaultRegistry<Bulkhead, BulkheadConfig, BulkheadListener>
                implements BulkheadRegistry {
            DefaultBulkheadRegistry() {
                super("bulkhead", defaultConfig, Bulkhead::of, Bulkhead::reconfigure);
            }
        }
        return new DefaultBulkheadRegistry();
    }

    /** A registry whose {@code default} configuration is {@link BulkheadConfig#ofDefaults()}. */
    static BulkheadRegistry ofDefaults() {
        return of(BulkheadConfig.ofDefaults());
    }
}
