package dev.resilience.bulkhead;

import dev.resilience.bulkhead.internal.DefaultThreadPoolBulkheadRegistry;
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
        return new DefaultThreadPoolBulkheadRegistry(defaultConfig);
    }

    /** A registry whose {@code default} configuration is {@link ThreadPoolBulkheadConfig#ofDefaults()}. */
    static ThreadPoolBulkheadRegistry ofDefaults() {
        return of(ThreadPoolBulkheadConfig.ofDefaults());
    }

    /** Removes and closes every instance. */
    @Override
    void close();
}
