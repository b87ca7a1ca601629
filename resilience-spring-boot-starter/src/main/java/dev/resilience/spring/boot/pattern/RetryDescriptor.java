package dev.resilience.spring.boot.pattern;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.retry.RetryListener;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.internal.Patterns;
import dev.resilience.spring.boot.autoconfigure.properties.RetryProperties;

import org.springframework.beans.factory.BeanFactory;

/**
 * The retries: {@code @Retry(name)}, {@code resilience.retry}, the {@code RetryRegistry} bean, {@code /actuator/resilience/retries}. A retry runs the rest of the pipeline again for each attempt.
 *
 * @since 0.2.0
 */
public final class RetryDescriptor extends NamedInstanceDescriptor<dev.resilience.annotation.Retry, Retry, RetryListener> {

    /** The pattern key, {@value}. */
    public static final String KEY = "retry";

    /** The default place in the order of composition: {@value}. */
    public static final int POSITION = 200;

    /** How {@code resilience.retry} becomes Retry configurations, from {@code ResilienceProperties}. */
    public static final PatternConfiguration<RetryConfig, RetryConfig.Builder, RetryProperties>
            CONFIGURATION = PatternConfiguration.builtIn(Patterns.RETRY, RetryProperties.class,
                    ResilienceProperties::getRetry);

    /** @param beanFactory where the {@code RetryRegistry} bean is looked up, when first needed */
    public RetryDescriptor(BeanFactory beanFactory) {
        super(KEY, POSITION, dev.resilience.annotation.Retry.class, dev.resilience.annotation.Retry::name,
                Retry.class, RetryListener.class, RetryRegistry.class, beanFactory);
    }

    /** Each attempt runs the rest of the pipeline again. */
    @Override
    public boolean repeatsCalls() {
        return true;
    }

    @Override
    public RetryListener eventListener(EventConsumer consumer) {
        return RetryListener.events(consumer);
    }

    @Override
    public PatternConfiguration<RetryConfig, RetryConfig.Builder, RetryProperties> configuration() {
        return CONFIGURATION;
    }

    @Override
    public String endpointSegment() {
        return "retries";
    }

    @Override
    public String endpointField() {
        return "retries";
    }

    // ----------------------------------------------------------------------- observability facets (observability)

    @Override
    public int endpointPosition() {
        return 20;
    }

    @Override
    public Object describe(dev.resilience.retry.Retry instance) {
        return dev.resilience.spring.boot.actuate.ResilienceEndpoint.RetryDescriptor.of(instance);
    }

    @Override
    public dev.resilience.spring.boot.metrics.InstanceMeterBinder<dev.resilience.retry.Retry> meterBinder() {
        return dev.resilience.spring.boot.metrics.RetryMetrics.INSTANCE_METERS;
    }

    @Override
    public RetryListener logListener(org.apache.commons.logging.Log log) {
        return new dev.resilience.spring.boot.logging.RetryLogger(log);
    }
}
