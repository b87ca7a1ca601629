package dev.resilience.circuitbreaker.internal;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.registry.AbstractRegistry;

/** The registry behind {@link CircuitBreakerRegistry#of}. Internal. */
public final class DefaultCircuitBreakerRegistry
        extends AbstractRegistry<CircuitBreaker, CircuitBreakerConfig, CircuitBreakerListener>
        implements CircuitBreakerRegistry {

    /** A registry whose {@code default} configuration is {@code defaultConfig}. */
    public DefaultCircuitBreakerRegistry(CircuitBreakerConfig defaultConfig) {
        super(defaultConfig);
    }

    @Override
    protected CircuitBreaker create(String name, CircuitBreakerConfig config) {
        return CircuitBreaker.of(name, config);
    }

    @Override
    protected void attach(CircuitBreaker instance, CircuitBreakerListener listener) {
        instance.addListener(listener);
    }

    @Override
    protected void detach(CircuitBreaker instance, CircuitBreakerListener listener) {
        instance.removeListener(listener);
    }

    @Override
    protected void reconfigure(CircuitBreaker instance, CircuitBreakerConfig config) {
        instance.reconfigure(config);
    }

    @Override
    public String toString() {
        return "CircuitBreakerRegistry" + all();
    }
}
