package dev.resilience.spring.boot.autoconfigure.metrics;

import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.metrics.FallbackMetrics;
import dev.resilience.spring.boot.metrics.PatternMeterBinders;
import dev.resilience.spring.boot.metrics.RegistryMeterBinder;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for every resilience pattern, when a {@link MeterRegistry} bean exists: the meters of the
 * contract ({@code resilience.circuitbreaker.*}, {@code resilience.retry.calls}, {@code resilience.bulkhead.*},
 * {@code resilience.ratelimiter.*}, {@code resilience.timeout.calls}, {@code resilience.fallback.calls}), each
 * tagged {@code name} = the instance name.
 *
 * <p>Beans: {@code resilienceMeterBinders} ({@link PatternMeterBinders}), one binder per
 * {@link PatternDescriptor} bean with a registry and a {@code meterBinder()}, which Spring Boot binds to the
 * meter registry; each follows its registry, so instances created after start-up get meters and removed
 * instances lose them. A registry that a {@link RegistryMeterBinder} bean of the application already follows
 * (for example its own {@code CircuitBreakerMetrics}) is left to that bean. And {@link FallbackMetrics}, the
 * {@code FallbackObserver} that the annotation support notifies. Each backs off when the application defines a
 * bean of its type.
 *
 * <p>Switched off with {@code resilience.metrics.enabled=false} (default {@code true}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = {ResilienceAutoConfiguration.class, MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class})
@ConditionalOnClass({MeterRegistry.class, MetricsAutoConfiguration.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "resilience.metrics.enabled", matchIfMissing = true)
public final class ResilienceMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PatternMeterBinders resilienceMeterBinders(ObjectProvider<PatternDescriptor<?, ?>> descriptors,
            ObjectProvider<RegistryMeterBinder<?>> ownBinders) {
        return new PatternMeterBinders(descriptors.orderedStream().toList(), ownBinders.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    FallbackMetrics resilienceFallbackMetrics(MeterRegistry registry) {
        return new FallbackMetrics(registry);
    }
}
