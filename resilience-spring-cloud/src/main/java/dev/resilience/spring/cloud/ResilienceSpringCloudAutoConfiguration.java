package dev.resilience.spring.cloud;

import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.spring.boot.autoconfigure.AspectOrder;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.timeout.TimeoutRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring Cloud CircuitBreaker implementation: a {@link ResilienceCircuitBreakerFactory} (bean
 * {@code resilienceCircuitBreakerFactory}) and, with Reactor, a {@link ReactiveResilienceCircuitBreakerFactory}
 * ({@code reactiveResilienceCircuitBreakerFactory}), over the registries of {@link ResilienceAutoConfiguration}.
 * Each backs off when the application defines a factory of that Spring Cloud type (for example
 * resilience4j's); {@code resilience.spring-cloud.enabled=false} switches both off.
 *
 * <p>{@code Customizer<ResilienceCircuitBreakerFactory>} and
 * {@code Customizer<ReactiveResilienceCircuitBreakerFactory>} beans are applied, in order, when the factory is
 * created. Ordered before Spring Cloud Commons' auto-configuration, whose HTTP service client support waits for
 * a {@code CircuitBreakerFactory} bean.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class,
        beforeName = "org.springframework.cloud.client.CommonsClientAutoConfiguration")
@ConditionalOnClass({ CircuitBreakerFactory.class, CircuitBreakerRegistry.class })
@ConditionalOnProperty(prefix = ResilienceSpringCloudProperties.PREFIX, name = "enabled", havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(ResilienceSpringCloudProperties.class)
public final class ResilienceSpringCloudAutoConfiguration {

    ResilienceSpringCloudAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(CircuitBreakerFactory.class)
    ResilienceCircuitBreakerFactory resilienceCircuitBreakerFactory(CircuitBreakerRegistry circuitBreakers,
            TimeoutRegistry timeouts, BulkheadRegistry bulkheads, ObjectProvider<ResilienceProperties> properties,
            ResilienceSpringCloudProperties cloud, ObjectProvider<AspectOrder> order,
            ObjectProvider<Customizer<ResilienceCircuitBreakerFactory>> customizers) {
        ResilienceCircuitBreakerFactory factory = new ResilienceCircuitBreakerFactory(
                pipelines(circuitBreakers, timeouts, bulkheads, properties, cloud, order));
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    static CircuitBreakerPipelines pipelines(CircuitBreakerRegistry circuitBreakers, TimeoutRegistry timeouts,
            BulkheadRegistry bulkheads, ObjectProvider<ResilienceProperties> properties,
            ResilienceSpringCloudProperties cloud, ObjectProvider<AspectOrder> order) {
        return new CircuitBreakerPipelines(circuitBreakers, timeouts, bulkheads, properties.getIfAvailable(), cloud,
                order.getIfAvailable(AspectOrder::defaultOrder).keys());
    }

    /** The reactive factory, only when Reactor is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "reactor.core.publisher.Mono")
    static class ReactiveFactoryConfiguration {

        @Bean
        @ConditionalOnMissingBean(ReactiveCircuitBreakerFactory.class)
        ReactiveResilienceCircuitBreakerFactory reactiveResilienceCircuitBreakerFactory(
                CircuitBreakerRegistry circuitBreakers, TimeoutRegistry timeouts, BulkheadRegistry bulkheads,
                ObjectProvider<ResilienceProperties> properties, ResilienceSpringCloudProperties cloud,
                ObjectProvider<AspectOrder> order,
                ObjectProvider<Customizer<ReactiveResilienceCircuitBreakerFactory>> customizers) {
            ReactiveResilienceCircuitBreakerFactory factory = new ReactiveResilienceCircuitBreakerFactory(
                    pipelines(circuitBreakers, timeouts, bulkheads, properties, cloud, order));
            customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
            return factory;
        }
    }
}
