package dev.resilience.spring.boot.pattern;

import dev.resilience.core.Pipeline;
import java.util.Map;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.internal.Level;
import dev.resilience.spring.boot.autoconfigure.internal.PatternMapping;
import dev.resilience.spring.boot.autoconfigure.properties.BulkheadProperties;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.PropertyMapper;

/**
 * The semaphore bulkheads: {@code @Bulkhead(name)} of the default type {@code SEMAPHORE}, {@code resilience.bulkhead}, the {@code BulkheadRegistry} bean, {@code /actuator/resilience/bulkheads}.
 *
 * @since 0.2.0
 */
public final class BulkheadDescriptor extends NamedInstanceDescriptor<dev.resilience.annotation.Bulkhead, Bulkhead, BulkheadListener> {

    /** The pattern key, {@value}. */
    public static final String KEY = "bulkhead";

    /** The default place in the order of composition: {@value}. */
    public static final int POSITION = Pipeline.defaultPosition(KEY);

    /** How {@code resilience.bulkhead} becomes Bulkhead configurations, from {@code ResilienceProperties}. */
    public static final PatternConfiguration<BulkheadConfig, BulkheadConfig.Builder, BulkheadProperties>
            CONFIGURATION = PatternConfiguration.builtIn(new PatternMapping<>(KEY,
                    BulkheadProperties::new, BulkheadConfig::ofDefaults, BulkheadConfig::from, BulkheadConfig.Builder::build,
                    BulkheadDescriptor::map), BulkheadProperties.class,
                    ResilienceProperties::getBulkhead);

    private static final Map<String, String> UNKNOWN_KEY_ADVICE = Map.ofEntries(
            Map.entry("writable-stack-trace-enabled", "not a YAML key here; set it in Java with a BulkheadConfigCustomizer bean, for example"
                    + " BulkheadConfigCustomizer.of(\"name\", builder ->"
                    + " builder.writableStackTraceEnabled(true))"),
            Map.entry("fair-call-handling", "not a YAML key here; set it in Java with a BulkheadConfigCustomizer bean, for example"
                    + " BulkheadConfigCustomizer.of(\"name\", builder -> builder.fairCallHandling(true))"));

    /** @param beanFactory where the {@code BulkheadRegistry} bean is looked up, when first needed */
    public BulkheadDescriptor(BeanFactory beanFactory) {
        super(new Spec<>(KEY, POSITION, dev.resilience.annotation.Bulkhead.class, dev.resilience.annotation.Bulkhead::name,
                Bulkhead.class, BulkheadListener.class, BulkheadRegistry.class, BulkheadListener::events, CONFIGURATION, "bulkheads",
                UNKNOWN_KEY_ADVICE), beanFactory);
    }

    /** A {@code @Bulkhead} of the default type, {@code SEMAPHORE}. */
    @Override
    protected boolean selects(dev.resilience.annotation.Bulkhead annotation) {
        return annotation.type() == dev.resilience.annotation.Bulkhead.Type.SEMAPHORE;
    }

    /** Applies one level's non-null settings (unset ones are inherited from the parent level). */
    private static void map(BulkheadProperties settings, BulkheadConfig.Builder builder,
            Level<BulkheadProperties, BulkheadConfig> level) {
        PropertyMapper map = PropertyMapper.get();
        map.from(settings::getMaxConcurrentCalls).to(builder::maxConcurrentCalls);
        map.from(settings::getMaxWaitDuration).to(builder::maxWaitDuration);
        map.from(settings::getFairCallHandling).to(builder::fairCallHandling);
        map.from(settings::getWritableStackTraceEnabled).to(builder::writableStackTraceEnabled);
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
