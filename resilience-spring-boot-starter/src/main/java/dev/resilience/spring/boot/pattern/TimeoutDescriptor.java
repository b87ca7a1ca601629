package dev.resilience.spring.boot.pattern;

import dev.resilience.core.Pipeline;
import java.util.Map;

import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutListener;
import dev.resilience.timeout.TimeoutRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.internal.Level;
import dev.resilience.spring.boot.autoconfigure.internal.PatternMapping;
import dev.resilience.spring.boot.autoconfigure.properties.TimeoutProperties;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.PropertyMapper;

/**
 * The timeouts: {@code @Timeout(name)}, {@code resilience.timeout}, the {@code TimeoutRegistry} bean, {@code /actuator/resilience/timeouts}.
 *
 * @since 0.2.0
 */
public final class TimeoutDescriptor extends NamedInstanceDescriptor<dev.resilience.annotation.Timeout, Timeout, TimeoutListener> {

    /** The pattern key, {@value}. */
    public static final String KEY = "timeout";

    /** The default place in the order of composition: {@value}. */
    public static final int POSITION = Pipeline.defaultPosition(KEY);

    /** How {@code resilience.timeout} becomes Timeout configurations, from {@code ResilienceProperties}. */
    public static final PatternConfiguration<TimeoutConfig, TimeoutConfig.Builder, TimeoutProperties>
            CONFIGURATION = PatternConfiguration.builtIn(new PatternMapping<>(KEY,
                    TimeoutProperties::new, TimeoutConfig::ofDefaults, TimeoutConfig::from, TimeoutConfig.Builder::build,
                    TimeoutDescriptor::map), TimeoutProperties.class,
                    ResilienceProperties::getTimeout);

    /** @param beanFactory where the {@code TimeoutRegistry} bean is looked up, when first needed */
    public TimeoutDescriptor(BeanFactory beanFactory) {
        super(new Spec<>(KEY, POSITION, dev.resilience.annotation.Timeout.class, dev.resilience.annotation.Timeout::name,
                Timeout.class, TimeoutListener.class, TimeoutRegistry.class, TimeoutListener::events, CONFIGURATION, "timeouts",
                Map.of()), beanFactory);
    }

    /** Applies one level's non-null settings (unset ones are inherited from the parent level). */
    private static void map(TimeoutProperties settings, TimeoutConfig.Builder builder,
            Level<TimeoutProperties, TimeoutConfig> level) {
        PropertyMapper map = PropertyMapper.get();
        map.from(settings::getTimeoutDuration).to(builder::timeoutDuration);
        map.from(settings::getCancelRunningFuture).to(builder::cancelRunningFuture);
        map.from(settings::getMode).to(builder::mode);
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
