package dev.resilience.spring.boot.autoconfigure.observation;

import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.observation.ObservationPipelineDecorator;
import dev.resilience.spring.boot.observation.ResilienceCallObservationConvention;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Observes every protected call of annotated methods through the Micrometer Observation API
 * ({@code resilience.call}, see {@link ObservationPipelineDecorator}), when an {@link ObservationRegistry} bean
 * exists and {@code resilience.observations.enabled=true}.
 *
 * <p>Off by default because an observation per call is not free: a context and a scope per call, and with a
 * tracing bridge a span per call, which is many times the cost of the patterns themselves (our aim is
 * tens of nanoseconds per call). The meters of {@code ResilienceMetricsAutoConfiguration} already give the
 * aggregate figures; switch observations on when you want each protected call in your traces. When off, the
 * annotated methods' pipelines contain no observation layer at all.
 *
 * <p>A {@link ResilienceCallObservationConvention} bean replaces the default names and key values.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty("resilience.observations.enabled")
public final class ResilienceObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ObservationPipelineDecorator resilienceObservationPipelineDecorator(ObservationRegistry registry,
            ObjectProvider<ResilienceCallObservationConvention> convention) {
        return new ObservationPipelineDecorator(registry, convention.getIfAvailable());
    }
}
