package dev.resilience.spring.boot.pattern;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutListener;
import dev.resilience.timeout.TimeoutRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.internal.Patterns;
import dev.resilience.spring.boot.autoconfigure.properties.TimeoutProperties;

import org.springframework.beans.factory.BeanFactory;

/**
 * The timeouts: {@code @Timeout(name)}, {@code resilience.timeout}, the {@code TimeoutRegistry} bean, {@code /actuator/resilience/timeouts}.
 *
 * @since 0.2.0
 */
public final class TimeoutDescriptor extends NamedInstanceDescriptor<dev.resilience.annotation.Timeout, Timeout, TimeoutListener> {

    /** The pattern key, {@value}. */
    public static final String KEY = "timeout";

    /** The default place in the order of composition: {@value}. */
    public static final int POSITION = 500;

    /** How {@code resilience.timeout} becomes Timeout configurations, from {@code ResilienceProperties}. */
    public static final PatternConfiguration<TimeoutConfig, TimeoutConfig.Builder, TimeoutProperties>
            CONFIGURATION = PatternConfiguration.builtIn(Patterns.TIMEOUT, TimeoutProperties.class,
                    ResilienceProperties::getTimeout);

    /** @param beanFactory where the {@code TimeoutRegistry} bean is looked up, when first needed */
    public TimeoutDescriptor(BeanFactory beanFactory) {
        super(KEY, POSITION, dev.resilience.annotation.Timeout.class, dev.resilience.annotation.Timeout::name,
                Timeout.class, TimeoutListener.class, TimeoutRegistry.class, beanFactory);
    }

    @Override
    public TimeoutListener eventListener(EventConsumer consumer) {
        return TimeoutListener.events(consumer);
    }

    @Override
    public PatternConfiguration<TimeoutConfig, TimeoutConfig.Builder, TimeoutProperties> configuration() {
        return CONFIGURATION;
    }

    @Override
    public String endpointSegment() {
        return "timeouts";
    }

    @Override
    public String endpointField() {
        return "timeouts";
    }

    // ----------------------------------------------------------------------- observability facets (observability)

    @Override
    public int endpointPosition() {
        return 70;
    }

    @Override
    public Object describe(dev.resilience.timeout.Timeout instance) {
        return dev.resilience.spring.boot.actuate.ResilienceEndpoint.TimeoutDescriptor.of(instance);
    }

    @Override
    public dev.resilience.spring.boot.metrics.InstanceMeterBinder<dev.resilience.timeout.Timeout> meterBinder() {
        return dev.resilience.spring.boot.metrics.TimeoutMetrics.INSTANCE_METERS;
    }

    @Override
    public TimeoutListener logListener(org.apache.commons.logging.Log log) {
        return new dev.resilience.spring.boot.logging.TimeoutLogger(log);
    }
}
