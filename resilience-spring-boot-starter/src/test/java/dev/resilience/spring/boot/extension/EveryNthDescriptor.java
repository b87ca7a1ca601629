package dev.resilience.spring.boot.extension;

import java.util.Map;

import dev.resilience.spring.boot.metrics.InstanceMeterBinder;
import dev.resilience.spring.boot.pattern.NamedInstanceDescriptor;
import dev.resilience.spring.boot.pattern.PatternConfiguration;

import org.springframework.beans.factory.BeanFactory;

/**
 * Everything the Spring integration knows of the every-nth pattern: key {@code every-nth}, between the rate
 * limiter (400) and the timeout (500) in the order, {@code @EveryNth(name)}, the {@link EveryNthRegistry}
 * bean, {@code resilience.every-nth}, and its entry in the {@code resilience} endpoint.
 */
public final class EveryNthDescriptor extends NamedInstanceDescriptor<EveryNth, EveryNthGate, EveryNthListener> {

    public static final String KEY = "every-nth";

    /** How {@code resilience.every-nth.configs|instances.<name>.n} becomes {@link EveryNthConfig}s. */
    public static final PatternConfiguration<EveryNthConfig, EveryNthConfig.Builder, EveryNthSettings> CONFIGURATION =
            PatternConfiguration.of(KEY, EveryNthSettings.class, EveryNthConfig::ofDefaults, EveryNthConfig::from,
                    EveryNthConfig.Builder::build, (settings, builder) -> {
                        if (settings.getN() != null) {
                            builder.n(settings.getN());
                        }
                    });

    public EveryNthDescriptor(BeanFactory beanFactory) {
        super(new Spec<>(KEY, 450, EveryNth.class, EveryNth::name, EveryNthGate.class, EveryNthListener.class,
                EveryNthRegistry.class, EveryNthListener::events, CONFIGURATION, "every-nth", Map.of()), beanFactory);
    }

    @Override
    public Object describe(EveryNthGate gate) {
        return new Entry(gate.config().n(), gate.calls());
    }

    /** The gate's entry in {@code GET /actuator/resilience}: its setting and its count. */
    public record Entry(int n, long calls) {
    }

    // ------------------------------------------------------------------------------------ observability facets

    /** {@code resilience.every-nth.calls}, tagged {@code name} and {@code kind} (permitted, rejected). */
    @Override
    public InstanceMeterBinder<EveryNthGate> meterBinder() {
        return EveryNthMeters::bind;
    }
}
