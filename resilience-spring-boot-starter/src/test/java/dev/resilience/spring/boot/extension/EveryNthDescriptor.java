package dev.resilience.spring.boot.extension;

import dev.resilience.core.event.EventConsumer;
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
        super(KEY, 450, EveryNth.class, EveryNth::name, EveryNthGate.class, EveryNthListener.class,
                EveryNthRegistry.class, beanFactory);
    }

    @Override
    public EveryNthListener eventListener(EventConsumer consumer) {
        return EveryNthListener.events(consumer);
    }

    @Override
    public PatternConfiguration<EveryNthConfig, EveryNthConfig.Builder, EveryNthSettings> configuration() {
        return CONFIGURATION;
    }

    @Override
    public String endpointSegment() {
        return "every-nth";
    }

    @Override
    public String endpointField() {
        return "everyNth";
    }

    @Override
    public Object describe(EveryNthGate gate) {
        return new Entry(gate.config().n(), gate.calls());
    }

    /** The gate's entry in {@code GET /actuator/resilience}: its setting and its count. */
    public record Entry(int n, long calls) {
    }
}
