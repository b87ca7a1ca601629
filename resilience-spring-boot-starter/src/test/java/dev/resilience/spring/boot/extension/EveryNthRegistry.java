package dev.resilience.spring.boot.extension;

import dev.resilience.core.registry.DefaultRegistry;

/** The named {@link EveryNthGate}s, on core's generic registry. Thread-safe. */
public final class EveryNthRegistry extends DefaultRegistry<EveryNthGate, EveryNthConfig, EveryNthListener> {

    public EveryNthRegistry(EveryNthConfig defaultConfig) {
        super(EveryNthDescriptor.KEY, defaultConfig, EveryNthGate::new, EveryNthGate::reconfigure);
    }
}
