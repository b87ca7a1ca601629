package dev.resilience.spring.boot.autoconfigure.actuate;

import java.time.Clock;

import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.Policy;
import dev.resilience.spring.aop.FallbackObserver;
import dev.resilience.spring.boot.actuate.CircuitBreakerCallStatistics;
import dev.resilience.spring.boot.actuate.CircuitBreakerTransitions;
import dev.resilience.spring.boot.actuate.ResilienceEndpoint;
import dev.resilience.spring.boot.actuate.ResilienceEndpointWebExtension;
import dev.resilience.spring.boot.actuate.ResilienceEventBuffer;
import dev.resilience.spring.boot.actuate.ResilienceEventsEndpoint;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.EventConsumerBufferSizes;
import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationException;
import dev.resilience.spring.boot.metrics.MeterCircuitBreakerCallStatistics;
import dev.resilience.spring.boot.autoconfigure.store.SharedStoreProvider;
import dev.resilience.spring.boot.pattern.PatternDescriptor;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code resilience} and {@code resilienceevents} actuator endpoints, each only when available (enabled
 * and exposed, e.g. {@code management.endpoints.web.exposure.include=resilience,resilienceevents}), so an
 * application that does not expose them pays nothing: no listener is added to any instance.
 *
 * <p>Beans (each backs off when the application defines one of its type):
 * <ul>
 *   <li>{@code resilience}: {@code resilienceEndpoint} ({@link ResilienceEndpoint}), its web extension
 *       {@code resilienceEndpointWebExtension} (status codes), {@code resilienceCircuitBreakerTransitions}
 *       ({@link CircuitBreakerTransitions}, the breakers' last transitions) and, with Micrometer,
 *       {@code resilienceCircuitBreakerCallStatistics} ({@link CircuitBreakerCallStatistics}, each breaker's
 *       cumulative calls and latency from its timers, for the dashboard's graphs);
 *   <li>{@code resilienceevents}: {@code resilienceEventBuffer} ({@link ResilienceEventBuffer}, sized by
 *       {@code resilience.events.buffer-size} or an instance's own {@code event-consumer-buffer-size},
 *       following the registry of every {@code PatternDescriptor} bean), {@code resilienceEventsEndpoint}
 *       ({@link ResilienceEventsEndpoint}) and {@code resilienceEventsFallbackObserver}, which records the
 *       fallbacks of annotated methods.
 * </ul>
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class)
@ConditionalOnClass({Policy.class, Endpoint.class})
@EnableConfigurationProperties(ResilienceEventsProperties.class)
public final class ResilienceEndpointAutoConfiguration {

    /** The {@code resilience} endpoint. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(ResilienceEndpoint.class)
    static class ResilienceEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(CircuitBreakerRegistry.class)
        CircuitBreakerTransitions resilienceCircuitBreakerTransitions(CircuitBreakerRegistry circuitBreakerRegistry) {
            return new CircuitBreakerTransitions(circuitBreakerRegistry);
        }

        @Bean
        @ConditionalOnMissingBean
        ResilienceEndpoint resilienceEndpoint(ObjectProvider<PatternDescriptor<?, ?>> descriptors,
                BeanFactory beanFactory) {
            return new ResilienceEndpoint(descriptors.orderedStream().toList(), beanFactory);
        }

        /** Breakers' cumulative calls from their Micrometer timers, read when the endpoint is. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
        static class CallStatisticsConfiguration {

            @Bean
            @ConditionalOnMissingBean
            CircuitBreakerCallStatistics resilienceCircuitBreakerCallStatistics(
                    ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meterRegistry) {
                return new MeterCircuitBreakerCallStatistics(meterRegistry::getIfUnique);
            }
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(ResilienceEndpoint.class)
        @ConditionalOnAvailableEndpoint(endpoint = ResilienceEndpoint.class, exposure = EndpointExposure.WEB)
        ResilienceEndpointWebExtension resilienceEndpointWebExtension(ResilienceEndpoint resilienceEndpoint) {
            return new ResilienceEndpointWebExtension(resilienceEndpoint);
        }
    }

    /** The {@code resilienceevents} endpoint and the buffer behind it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(ResilienceEventsEndpoint.class)
    static class ResilienceEventsEndpointConfiguration {

        /** Closed with the context ({@code close()} is the inferred destroy method): listeners detached. */
        @Bean
        @ConditionalOnMissingBean
        ResilienceEventBuffer resilienceEventBuffer(ResilienceEventsProperties properties,
                ObjectProvider<PatternDescriptor<?, ?>> descriptors,
                ObjectProvider<EventConsumerBufferSizes> instanceSizes, ObjectProvider<SharedStoreProvider> stores) {
            int size = properties.getBufferSize();
            if (size < 1) {
                String property = ResilienceEventsProperties.PREFIX + ".buffer-size";
                throw new ResilienceConfigurationException(
                        "Invalid '" + property + "' (" + size + "): must be greater than or equal to 1",
                        "Set '" + property + "' to the number of events to keep per instance, for example "
                                + ResilienceEventBuffer.DEFAULT_BUFFER_SIZE + ".",
                        property, null);
            }
            EventConsumerBufferSizes sizes = instanceSizes.getIfAvailable(EventConsumerBufferSizes::none);
            ResilienceEventBuffer buffer = new ResilienceEventBuffer(size, Clock.systemUTC(),
                    (pattern, name) -> sizes.bufferSize(pattern, name, size));
            buffer.followAll(descriptors.orderedStream().toList());
            stores.orderedStream().forEach(store -> buffer.follow(store.sharedStore(), store.store()));
            return buffer;
        }

        @Bean
        FallbackObserver resilienceEventsFallbackObserver(ResilienceEventBuffer resilienceEventBuffer) {
            return resilienceEventBuffer.fallbackObserver();
        }

        @Bean
        @ConditionalOnMissingBean
        ResilienceEventsEndpoint resilienceEventsEndpoint(ResilienceEventBuffer resilienceEventBuffer) {
            return new ResilienceEventsEndpoint(resilienceEventBuffer);
        }
    }
}
