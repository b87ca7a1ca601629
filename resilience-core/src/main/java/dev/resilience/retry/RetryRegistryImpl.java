package dev.resilience.retry;

import dev.resilience.core.registry.AbstractRegistry;

/** The {@link RetryRegistry} implementation: the shared registry mechanics, told how to handle retries. */
final class RetryRegistryImpl extends AbstractRegistry<Retry, RetryConfig, RetryListener> implements RetryRegistry {

    RetryRegistryImpl(RetryConfig defaultConfig) {
        super(defaultConfig);
    }

    @Override
    protected Retry create(String name, RetryConfig config) {
        return Retry.of(name, config);
    }

    @Override
    protected void attach(Retry instance, RetryListener listener) {
        instance.addListener(listener);
    }

    @Override
    protected void detach(Retry instance, RetryListener listener) {
        instance.removeListener(listener);
    }

    @Override
    protected void reconfigure(Retry instance, RetryConfig config) {
        instance.reconfigure(config);
    }
}
