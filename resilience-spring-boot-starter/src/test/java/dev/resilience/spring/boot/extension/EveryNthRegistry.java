package dev.resilience.spring.boot.extension;

import dev.resilience.core.registry.AbstractRegistry;

/** The named {@link EveryNthGate}s, on core's registry base. Thread-safe. */
public final class EveryNthRegistry extends AbstractRegistry<EveryNthGate, EveryNthConfig, EveryNthListener> {

    public EveryNthRegistry(EveryNthConfig defaultConfig) {
        super(defaultConfig);
    }

    @Override
    protected EveryNthGate create(String name, EveryNthConfig config) {
        return new EveryNthGate(name, config);
    }

    @Override
    protected void attach(EveryNthGate instance, EveryNthListener listener) {
        instance.addListener(listener);
    }

    @Override
    protected void detach(EveryNthGate instance, EveryNthListener listener) {
        instance.removeListener(listener);
    }

    @Override
    protected void reconfigure(EveryNthGate instance, EveryNthConfig config) {
        instance.reconfigure(config);
    }
}
