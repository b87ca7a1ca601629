package dev.resilience.bulkhead.internal;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.core.registry.AbstractRegistry;

/** The {@link BulkheadRegistry} implementation. */
public final class DefaultBulkheadRegistry extends AbstractRegistry<Bulkhead, BulkheadConfig, BulkheadListener>
        implements BulkheadRegistry {

    public DefaultBulkheadRegistry(BulkheadConfig defaultConfig) {
        super(defaultConfig);
    }

    @Override
    protected Bulkhead create(String name, BulkheadConfig config) {
        return Bulkhead.of(name, config);
    }

    @Override
    protected void attach(Bulkhead instance, BulkheadListener listener) {
        instance.addListener(listener);
    }

    @Override
    protected void detach(Bulkhead instance, BulkheadListener listener) {
        instance.removeListener(listener);
    }

    @Override
    protected void reconfigure(Bulkhead instance, BulkheadConfig config) {
        instance.reconfigure(config);
    }
}
