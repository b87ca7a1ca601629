package dev.resilience.spring.boot.pattern;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.internal.Patterns;
import dev.resilience.spring.boot.autoconfigure.properties.BulkheadProperties;

import org.springframework.beans.factory.BeanFactory;

/**
 * The semaphore bulkheads: {@code @Bulkhead(name)} of the default type {@code SEMAPHORE}, {@code resilience.bulkhead}, the {@code BulkheadRegistry} bean, {@code /actuator/resilience/bulkheads}.
 *
 * @since 0.2.0
 */
public final class BulkheadDescriptor extends NamedInstanceDescriptor<dev.resilience.annotation.Bulkhead, Bulkhead, BulkheadListener> {

    /** The pattern key, {@value}. */
    public static final String KEY = "bulkhead";

    /** The default place in the order of composition: {@value}. */
    public static final int POSITION = 600;

    /** How {@code resilience.bulkhead} becomes Bulkhead configurations, from {@code ResilienceProperties}. */
    public static final PatternConfiguration<BulkheadConfig, BulkheadConfig.Builder, BulkheadProperties>
            CONFIGURATION = PatternConfiguration.builtIn(Patterns.BULKHEAD, BulkheadProperties.class,
                    ResilienceProperties::getBulkhead);

    /** @param beanFactory where the {@code BulkheadRegistry} bean is looked up, when first needed */
    public BulkheadDescriptor(BeanFactory beanFactory) {
        super(KEY, POSITION, dev.resilience.annotation.Bulkhead.class, dev.resilience.annotation.Bulkhead::name,
                Bulkhead.class, BulkheadListener.class, BulkheadRegistry.class, beanFactory);
    }

    /** A {@code @Bulkhead} of the default type, {@code SEMAPHORE}. */
    @Override
    protected boolean selects(dev.resilience.annotation.Bulkhead annotation) {
        return annotation.type() == dev.resilience.annotation.Bulkhead.Type.SEMAPHORE;
    }

    @Override
    public BulkheadListener eventListener(EventConsumer consumer) {
        return BulkheadListener.events(consumer);
    }

    @Override
    public PatternConfiguration<BulkheadConfig, BulkheadConfig.Builder, BulkheadProperties> configuration() {
        return CONFIGURATION;
    }

    @Override
    public String endpointSegment() {
        return "bulkheads";
    }

    @Override
    public String endpointField() {
        return "bulkheads";
    }

    // ----------------------------------------------------------------------- observability facets (observability)

    @Override
    public int endpointPosition() {
        return 30;
    }

    @Override
    public Object describe(dev.resilience.bulkhead.Bulkhead instance) {
        return dev.resilience.spring.boot.actuate.ResilienceEndpoint.BulkheadDescriptor.of(instance);
    }

    @Override
    public dev.resilience.spring.boot.metrics.InstanceMeterBinder<dev.resilience.bulkhead.Bulkhead> meterBinder() {
        return dev.resilience.spring.boot.metrics.BulkheadMetrics.INSTANCE_METERS;
    }

    @Override
    public BulkheadListener logListener(org.apache.commons.logging.Log log) {
        return new dev.resilience.spring.boot.logging.BulkheadLogger(log);
    }
}
