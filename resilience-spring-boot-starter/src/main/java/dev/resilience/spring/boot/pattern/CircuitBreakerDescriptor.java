package dev.resilience.spring.boot.pattern;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.internal.Patterns;
import dev.resilience.spring.boot.autoconfigure.properties.CircuitBreakerProperties;

import org.springframework.beans.factory.BeanFactory;

/**
 * The circuit breakers: {@code @CircuitBreaker(name)}, {@code resilience.circuit-breaker}, the {@code CircuitBreakerRegistry} bean, {@code /actuator/resilience/circuit-breakers}.
 *
 * @since 0.2.0
 */
public final class CircuitBreakerDescriptor extends NamedInstanceDescriptor<dev.resilience.annotation.CircuitBreaker, CircuitBreaker, CircuitBreakerListener> {

    /** The pattern key, {@value}. */
    public static final String KEY = "circuit-breaker";

    /** The default place in the order of composition: {@value}. */
    public static final int POSITION = 300;

    /** How {@code resilience.circuit-breaker} becomes CircuitBreaker configurations, from {@code ResilienceProperties}. */
    public static final PatternConfiguration<CircuitBreakerConfig, CircuitBreakerConfig.Builder, CircuitBreakerProperties>
            CONFIGURATION = PatternConfiguration.builtIn(Patterns.CIRCUIT_BREAKER, CircuitBreakerProperties.class,
                    ResilienceProperties::getCircuitBreaker);

    /** @param beanFactory where the {@code CircuitBreakerRegistry} bean is looked up, when first needed */
    public CircuitBreakerDescriptor(BeanFactory beanFactory) {
        super(KEY, POSITION, dev.resilience.annotation.CircuitBreaker.class, dev.resilience.annotation.CircuitBreaker::name,
                CircuitBreaker.class, CircuitBreakerListener.class, CircuitBreakerRegistry.class, beanFactory);
    }

    @Override
    public CircuitBreakerListener eventListener(EventConsumer consumer) {
        return CircuitBreakerListener.events(consumer);
    }

    @Override
    public PatternConfiguration<CircuitBreakerConfig, CircuitBreakerConfig.Builder, CircuitBreakerProperties> configuration() {
        return CONFIGURATION;
    }

    @Override
    public String endpointSegment() {
        return "circuit-breakers";
    }

    @Override
    public String endpointField() {
        return "circuitBreakers";
    }

    // ----------------------------------------------------------------------- observability facets (observability)

    @Override
    public int endpointPosition() {
        return 10;
    }

    @Override
    public Object describe(dev.resilience.circuitbreaker.CircuitBreaker instance) {
        return dev.resilience.spring.boot.actuate.ResilienceEndpoint.CircuitBreakerDescriptor.of(instance, null, null);
    }

    @Override
    public dev.resilience.spring.boot.metrics.InstanceMeterBinder<dev.resilience.circuitbreaker.CircuitBreaker> meterBinder() {
        return dev.resilience.spring.boot.metrics.CircuitBreakerMetrics.INSTANCE_METERS;
    }

    @Override
    public CircuitBreakerListener logListener(org.apache.commons.logging.Log log) {
        return new dev.resilience.spring.boot.logging.CircuitBreakerLogger(log);
    }

    /** With the breaker's last transitions and cumulative calls, when the endpoint's beans keep them. */
    @Override
    public Object describe(dev.resilience.circuitbreaker.CircuitBreaker instance, org.springframework.beans.factory.BeanFactory beans) {
        return dev.resilience.spring.boot.actuate.ResilienceEndpoint.CircuitBreakerDescriptor.of(instance, beans);
    }

    /** The {@code resilience} contributor, by {@code register-health-indicator} (default true). */
    @Override
    public dev.resilience.spring.boot.actuate.PatternHealth<dev.resilience.circuitbreaker.CircuitBreaker> health(
            org.springframework.beans.factory.BeanFactory beans) {
        return dev.resilience.spring.boot.actuate.CircuitBreakersHealthContributor.health(
                beans.getBeanProvider(dev.resilience.spring.boot.autoconfigure.CircuitBreakerHealthSettings.class)
                        .getIfAvailable(dev.resilience.spring.boot.autoconfigure.CircuitBreakerHealthSettings::ofDefaults));
    }
}
