package dev.resilience.bulkhead.internal;

import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.bulkhead.ThreadPoolBulkheadListener;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.core.registry.AbstractRegistry;

import java.util.Optional;

/** The {@link ThreadPoolBulkheadRegistry} implementation: closes what it removes or replaces. */
public final class DefaultThreadPoolBulkheadRegistry
        extends AbstractRegistry<ThreadPoolBulkhead, ThreadPoolBulkheadConfig, ThreadPoolBulkheadListener>
        implements ThreadPoolBulkheadRegistry {

    public DefaultThreadPoolBulkheadRegistry(ThreadPoolBulkheadConfig defaultConfig) {
        super(defaultConfig);
    }

    @Override
    protected ThreadPoolBulkhead create(String name, ThreadPoolBulkheadConfig config) {
        return ThreadPoolBulkhead.of(name, config);
    }

    @Override
    protected void attach(ThreadPoolBulkhead instance, ThreadPoolBulkheadListener listener) {
        instance.addListener(listener);
    }

    @Override
    protected void detach(ThreadPoolBulkhead instance, ThreadPoolBulkheadListener listener) {
        instance.removeListener(listener);
    }

    @Override
    protected void reconfigure(ThreadPoolBulkhead instance, ThreadPoolBulkheadConfig config) {
        instance.reconfigure(config);
    }

    @Override
    public Optional<ThreadPoolBulkhead> remove(String name) {
        Optional<ThreadPoolBulkhead> removed = super.remove(name);
        removed.ifPresent(ThreadPoolBulkhead::close);
        return removed;
    }

    @Override
    public Optional<ThreadPoolBulkhead> replace(String name, ThreadPoolBulkhead instance) {
        Optional<ThreadPoolBulkhead> previous = super.replace(name, instance);
        previous.filter(p -> p != instance).ifPresent(ThreadPoolBulkhead::close);
        return previous;
    }

    @Override
    public void close() {
        for (ThreadPoolBulkhead instance : all()) {
            remove(instance.name());
        }
    }
}
