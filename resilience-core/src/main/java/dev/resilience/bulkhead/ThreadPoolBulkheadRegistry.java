package dev.resilience.bulkhead;

import dev.resilience.core.registry.DefaultRegistry;
import dev.resilience.core.registry.Registry;

/**
 * Named {@link ThreadPoolBulkhead}s, created on first use from the shared configurations. Removing or replacing
 * an instance closes it (its pool ends once the calls it accepted are done); {@link #close()} closes them all.
 * Thread-safe.
 *
 * @since 0.1.0
 */
public interface ThreadPoolBulkheadRegistry
        extends Registry<ThreadPoolBulkhead, ThreadPoolBulkheadConfig, ThreadPoolBulkheadListener>, AutoCloseable {

    /** A registry whose {@code default} configuration is {@code defaultConfig}. */
    static ThreadPoolBulkheadRegistry of(ThreadPoolBulkheadConfig defaultConfig) {
        final class DefaultThreadPoolBulkheadRegistry
                extends DefaultRegistry<ThreadPoolBulkhead, ThreadPoolBulkheadConfig, ThreadPoolBulkheadListener>
                implements ThreadPoolBulkheadRegistry {
            DefaultThreadPoolBulkheadRegistry() {
                // DefaultRegistry closes the (AutoCloseable) bulkheads it removes or replaces, and all on close().
                super("thread-pool-bulkhead", defaultConfig, ThreadPoolBulkhead::of,
                        ThreadPoolBulkhead::reconfigure);
            }
        }
        return new DefaultThreadPoolBulkheadRegistry();
    }

    /** A registry whose {@code default} configuration is {@link ThreadPoolBulkheadConfig#ofDefaults()}. */
    static ThreadPoolBulkheadRegistry ofDefaults() {
        return of(ThreadPoolBulkheadConfig.ofDefaults());
    }

    /** Removes and closes every instance. */
    @Override
    void close();
}
