package dev.resilience.timeout.internal;

import dev.resilience.core.registry.AbstractRegistry;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutListener;
import dev.resilience.timeout.TimeoutRegistry;

/** The {@link TimeoutRegistry} implementation. */
public final class DefaultTimeoutRegistry extends AbstractRegistry<Timeout, TimeoutConfig, TimeoutListener>
        implements TimeoutRegistry {

    public DefaultTimeoutRegistry(TimeoutConfig defaultConfig) {
        super(defaultConfig);
    }

    @Override
    protected Timeout create(String name, TimeoutConfig config) {
        return Timeout.of(name, config);
    }

    @Override
    protected void attach(Timeout instance, TimeoutListener listener) {
        instance.addListener(listener);
    }

    @Override
    protected void detach(Timeout instance, TimeoutListener listener) {
        instance.removeListener(listener);
    }

    @Override
    protected void reconfigure(Timeout instance, TimeoutConfig config) {
        instance.reconfigure(config);
    }
}
