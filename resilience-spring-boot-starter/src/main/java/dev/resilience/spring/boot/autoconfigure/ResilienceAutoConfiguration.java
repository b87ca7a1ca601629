package dev.resilience.spring.boot.autoconfigure;

import java.util.List;
import java.util.function.UnaryOperator;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.Policy;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.spring.boot.autoconfigure.customizer.BulkheadConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.customizer.CircuitBreakerConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.customizer.RateLimiterConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.customizer.RetryConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.customizer.ThreadPoolBulkheadConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.customizer.TimeoutConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.internal.BoundPattern;
import dev.resilience.spring.boot.autoconfigure.internal.ContextPropagation;
import dev.resilience.spring.boot.autoconfigure.internal.EmptyValueBindHandler;
import dev.resilience.spring.boot.autoconfigure.internal.EnvironmentChangeListener;
import dev.resilience.spring.boot.autoconfigure.internal.MicrometerContextPropagation;
import dev.resilience.spring.boot.autoconfigure.internal.StoreProviders;
import dev.resilience.spring.boot.autoconfigure.properties.CircuitBreakerProperties;
import dev.resilience.spring.boot.autoconfigure.properties.InstanceProperties;
import dev.resilience.spring.boot.autoconfigure.properties.RateLimiterProperties;
import dev.resilience.spring.boot.autoconfigure.store.ResilienceStoreProvider;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutRegistry;
import dev.resilience.spring.boot.pattern.BulkheadDescriptor;
import dev.resilience.spring.boot.pattern.CircuitBreakerDescriptor;
import dev.resilience.spring.boot.pattern.FallbackDescriptor;
import dev.resilience.spring.boot.pattern.KeyedRateLimiterDescriptor;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
import dev.resilience.spring.boot.pattern.RateLimiterDescriptor;
import dev.resilience.spring.boot.pattern.RetryDescriptor;
import dev.resilience.spring.boot.pattern.ThreadPoolBulkheadDescriptor;
import dev.resilience.spring.boot.pattern.TimeoutDescriptor;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Creates the pattern registries from {@code resilience.*} properties.
 *
 * <p>Beans (each registry backs off when the application defines a bean of its type):
 * <ul>
 *   <li>{@code circuitBreakerRegistry} ({@link CircuitBreakerRegistry}), {@code retryRegistry}
 *       ({@link RetryRegistry}), {@code bulkheadRegistry} ({@link BulkheadRegistry}),
 *       {@code threadPoolBulkheadRegistry} ({@link ThreadPoolBulkheadRegistry}, closed with the context, which
 *       shuts its pools down), {@code rateLimiterRegistry} ({@link RateLimiterRegistry}) and
 *       {@code keyedRateLimiterRegistry} ({@link KeyedRateLimiterRegistry}, the keyed view of the former),
 *       {@code timeoutRegistry} ({@link TimeoutRegistry});
 *   <li>{@code resilienceAspectOrder} ({@link AspectOrder}), validated from {@code resilience.aspect-order};
 *   <li>{@code circuitBreakerHealthSettings} ({@link CircuitBreakerHealthSettings}): each breaker's
 *       {@code register-health-indicator} and {@code allow-health-indicator-to-fail}, for the health
 *       contributor;
 *   <li>{@code resilienceConfigurationRefresher} ({@link ResilienceConfigurationRefresher}), which applies
 *       changed properties in place, on Spring Cloud's {@code EnvironmentChangeEvent} when Spring Cloud is
 *       present.
 * </ul>
 *
 * <p>Each registry's {@code default} config becomes the registry default, every other config is added with
 * {@code addConfig}, every instance is configured with {@code configureInstance}. Customizer beans of the
 * pattern ({@link CircuitBreakerConfigCustomizer} and its siblings) are applied after the properties. Circuit
 * breakers ignore inner rejections unless {@code ignore-inner-rejections: false} (see
 * {@link dev.resilience.spring.boot.autoconfigure.properties.CircuitBreakerProperties}). With Micrometer's
 * context-propagation library present, thread-pool bulkheads, timeouts and retry schedulers carry the
 * caller's context (MDC, security, tracing) to the threads they use.
 *
 * <p>Invalid properties stop the start with a {@link ResilienceConfigurationException} naming the full
 * property path, reported by {@link ResilienceFailureAnalyzer}.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(Policy.class)
@EnableConfigurationProperties(ResilienceProperties.class)
public final class ResilienceAutoConfiguration {

    private final ResilienceProperties properties;

    private final ResilienceConfigurationRefresher refresher;

    private final Environment environment;

    ResilienceAutoConfiguration(ResilienceProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
        this.refresher = new ResilienceConfigurationRefresher(environment);
    }

    /**
     * Makes an empty {@code resilience.*} value ({@code max-attempts=}) fail the binding instead of silently
     * keeping the default. Static: it must exist before {@link ResilienceProperties} is bound.
     */
    @Bean
    static ConfigurationPropertiesBindHandlerAdvisor resilienceEmptyValueBindHandlerAdvisor() {
        return EmptyValueBindHandler::new;
    }

    @Bean
    ResilienceConfigurationRefresher resilienceConfigurationRefresher() {
        return refresher;
    }

    /** Builds registries from {@code resilience.<key>}: the built-in ones below, and those of added patterns. */
    @Bean
    PatternConfigurations resiliencePatternConfigurations() {
        return new PatternConfigurations(properties, refresher, environment);
    }

    @Bean
    @ConditionalOnMissingBean
    AspectOrder resilienceAspectOrder(ObjectProvider<PatternDescriptor<?, ?>> descriptors) {
        return AspectOrder.of(properties.getAspectOrder(), descriptors.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    CircuitBreakerRegistry circuitBreakerRegistry(PatternConfigurations configurations,
            ObjectProvider<CircuitBreakerConfigCustomizer> customizers, ObjectProvider<ResilienceStoreProvider> stores) {
        BoundPattern<CircuitBreakerConfig, ?> pattern = configurations.bind(CircuitBreakerDescriptor.CONFIGURATION,
                customizers.orderedStream().toList(), UnaryOperator.identity(),
                StoreProviders.of(stores.orderedStream().toList()));
        return pattern.bind(CircuitBreakerRegistry.of(pattern.current().defaultConfig()), CircuitBreaker::config,
                CircuitBreaker::name);
    }

    /**
     * {@code register-health-indicator} and {@code allow-health-indicator-to-fail} per breaker name. With the
     * registry built here, read from the properties resolved last (so a refresh applies); with the
     * application's own registry, read from the bound properties as they are (neither validated nor refreshed,
     * as the registry itself is not).
     */
    @Bean
    @ConditionalOnMissingBean
    CircuitBreakerHealthSettings circuitBreakerHealthSettings(ObjectProvider<CircuitBreakerRegistry> registry,
            PatternConfigurations configurations) {
        registry.getIfUnique(); // creates the registry first, so that a registry built here has bound its pattern
        return CircuitBreakerHealthSettings.of(
                name -> configurations.instanceSetting(CircuitBreakerDescriptor.KEY, name,
                        settings -> ((CircuitBreakerProperties) settings).getRegisterHealthIndicator(),
                        CircuitBreakerHealthSettings.DEFAULT_REGISTER_HEALTH_INDICATOR),
                name -> configurations.instanceSetting(CircuitBreakerDescriptor.KEY, name,
                        settings -> ((CircuitBreakerProperties) settings).getAllowHealthIndicatorToFail(),
                        CircuitBreakerHealthSettings.DEFAULT_ALLOW_HEALTH_INDICATOR_TO_FAIL));
    }

    /**
     * {@code register-health-indicator} and {@code allow-health-indicator-to-fail} per rate limiter name, read
     * like the circuit breakers' ({@link #circuitBreakerHealthSettings}).
     */
    @Bean
    @ConditionalOnMissingBean
    RateLimiterHealthSettings rateLimiterHealthSettings(ObjectProvider<RateLimiterRegistry> registry,
            PatternConfigurations configurations) {
        registry.getIfUnique(); // creates the registry first, so that a registry built here has bound its pattern
        return RateLimiterHealthSettings.of(
                name -> configurations.instanceSetting(RateLimiterDescriptor.KEY, name,
                        settings -> ((RateLimiterProperties) settings).getRegisterHealthIndicator(),
                        RateLimiterHealthSettings.DEFAULT_REGISTER_HEALTH_INDICATOR),
                name -> configurations.instanceSetting(RateLimiterDescriptor.KEY, name,
                        settings -> ((RateLimiterProperties) settings).getAllowHealthIndicatorToFail(),
                        RateLimiterHealthSettings.DEFAULT_ALLOW_HEALTH_INDICATOR_TO_FAIL));
    }

    /** {@code event-consumer-buffer-size} per pattern and instance name, for the events endpoint's buffer. */
    @Bean
    @ConditionalOnMissingBean
    EventConsumerBufferSizes eventConsumerBufferSizes(PatternConfigurations configurations) {
        return EventConsumerBufferSizes.of((pattern, name) ->
                configurations.instanceSetting(pattern, name, InstanceProperties::getEventConsumerBufferSize, null));
    }

    @Bean
    @ConditionalOnMissingBean
    RetryRegistry retryRegistry(PatternConfigurations configurations,
            ObjectProvider<RetryConfigCustomizer> customizers, ObjectProvider<ContextPropagation> propagation) {
        ContextPropagation context = propagation.getIfAvailable();
        BoundPattern<RetryConfig, ?> pattern = configurations.bind(RetryDescriptor.CONFIGURATION,
                customizers.orderedStream().toList(), context != null ? context::retry : UnaryOperator.identity(),
                StoreProviders.none());
        return pattern.bind(RetryRegistry.of(pattern.current().defaultConfig()), Retry::config, Retry::name);
    }

    @Bean
    @ConditionalOnMissingBean
    BulkheadRegistry bulkheadRegistry(PatternConfigurations configurations,
            ObjectProvider<BulkheadConfigCustomizer> customizers) {
        BoundPattern<BulkheadConfig, ?> pattern = configurations.bind(BulkheadDescriptor.CONFIGURATION,
                customizers.orderedStream().toList(), UnaryOperator.identity(), StoreProviders.none());
        return pattern.bind(BulkheadRegistry.of(pattern.current().defaultConfig()), Bulkhead::config, Bulkhead::name);
    }

    /** Closed with the context (its {@code close()} is the inferred destroy method): the pools shut down. */
    @Bean
    @ConditionalOnMissingBean
    ThreadPoolBulkheadRegistry threadPoolBulkheadRegistry(PatternConfigurations configurations,
            ObjectProvider<ThreadPoolBulkheadConfigCustomizer> customizers,
            ObjectProvider<ContextPropagation> propagation) {
        ContextPropagation context = propagation.getIfAvailable();
        BoundPattern<ThreadPoolBulkheadConfig, ?> pattern = configurations.bind(
                ThreadPoolBulkheadDescriptor.CONFIGURATION, customizers.orderedStream().toList(),
                context != null ? context::threadPoolBulkhead : UnaryOperator.identity(), StoreProviders.none());
        return pattern.bind(ThreadPoolBulkheadRegistry.of(pattern.current().defaultConfig()),
                ThreadPoolBulkhead::config, ThreadPoolBulkhead::name);
    }

    @Bean
    @ConditionalOnMissingBean
    RateLimiterRegistry rateLimiterRegistry(PatternConfigurations configurations,
            ObjectProvider<RateLimiterConfigCustomizer> customizers, ObjectProvider<ResilienceStoreProvider> stores) {
        BoundPattern<RateLimiterConfig, ?> pattern = configurations.bind(RateLimiterDescriptor.CONFIGURATION,
                customizers.orderedStream().toList(), UnaryOperator.identity(),
                StoreProviders.of(stores.orderedStream().toList()));
        RateLimiterRegistry registry = pattern.bind(RateLimiterRegistry.of(pattern.current().defaultConfig()),
                RateLimiter::config, RateLimiter::name);
        pattern.follow(registry.keyedLimiters(), KeyedRateLimiter::config, KeyedRateLimiter::name);
        return registry;
    }

    /** The keyed limiters ({@code @RateLimit} with a key) of the rate limiter registry, same configs. */
    @Bean
    @ConditionalOnMissingBean
    KeyedRateLimiterRegistry keyedRateLimiterRegistry(RateLimiterRegistry rateLimiterRegistry) {
        return rateLimiterRegistry.keyedLimiters();
    }

    @Bean
    @ConditionalOnMissingBean
    TimeoutRegistry timeoutRegistry(PatternConfigurations configurations,
            ObjectProvider<TimeoutConfigCustomizer> customizers, ObjectProvider<ContextPropagation> propagation) {
        ContextPropagation context = propagation.getIfAvailable();
        BoundPattern<TimeoutConfig, ?> pattern = configurations.bind(TimeoutDescriptor.CONFIGURATION,
                customizers.orderedStream().toList(), context != null ? context::timeout : UnaryOperator.identity(),
                StoreProviders.none());
        return pattern.bind(TimeoutRegistry.of(pattern.current().defaultConfig()), Timeout::config, Timeout::name);
    }

    /**
     * The built-in patterns' descriptors: what the annotation support, the aspect order, the listener beans,
     * the endpoint, the events, logging and metrics know of each pattern. Static and light (they look their
     * registries up when first asked), since the annotation post-processor reads them early.
     */
    @Configuration(proxyBeanMethods = false)
    static class BuiltInPatternDescriptors {

        /** Every built-in descriptor, as the beans below are. */
        static List<PatternDescriptor<?, ?>> all(BeanFactory beanFactory) {
            return List.of(fallbackPatternDescriptor(beanFactory), retryPatternDescriptor(beanFactory),
                    circuitBreakerPatternDescriptor(beanFactory), rateLimiterPatternDescriptor(beanFactory),
                    keyedRateLimiterPatternDescriptor(beanFactory), timeoutPatternDescriptor(beanFactory),
                    bulkheadPatternDescriptor(beanFactory), threadPoolBulkheadPatternDescriptor(beanFactory));
        }

        @Bean
        static FallbackDescriptor fallbackPatternDescriptor(BeanFactory beanFactory) {
            return new FallbackDescriptor(beanFactory);
        }

        @Bean
        static RetryDescriptor retryPatternDescriptor(BeanFactory beanFactory) {
            return new RetryDescriptor(beanFactory);
        }

        @Bean
        static CircuitBreakerDescriptor circuitBreakerPatternDescriptor(BeanFactory beanFactory) {
            return new CircuitBreakerDescriptor(beanFactory);
        }

        @Bean
        static RateLimiterDescriptor rateLimiterPatternDescriptor(BeanFactory beanFactory) {
            return new RateLimiterDescriptor(beanFactory);
        }

        @Bean
        static KeyedRateLimiterDescriptor keyedRateLimiterPatternDescriptor(BeanFactory beanFactory) {
            return new KeyedRateLimiterDescriptor(beanFactory);
        }

        @Bean
        static TimeoutDescriptor timeoutPatternDescriptor(BeanFactory beanFactory) {
            return new TimeoutDescriptor(beanFactory);
        }

        @Bean
        static BulkheadDescriptor bulkheadPatternDescriptor(BeanFactory beanFactory) {
            return new BulkheadDescriptor(beanFactory);
        }

        @Bean
        static ThreadPoolBulkheadDescriptor threadPoolBulkheadPatternDescriptor(BeanFactory beanFactory) {
            return new ThreadPoolBulkheadDescriptor(beanFactory);
        }
    }

    /** Context propagation into pool, worker and scheduler threads, when Micrometer's library is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.context.ContextSnapshotFactory")
    static class ContextPropagationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ContextPropagation resilienceContextPropagation() {
            return new MicrometerContextPropagation();
        }
    }

    /** Runtime refresh on Spring Cloud's configuration refresh, when Spring Cloud is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = EnvironmentChangeListener.EVENT_CLASS)
    static class EnvironmentChangeConfiguration {

        @Bean
        EnvironmentChangeListener resilienceEnvironmentChangeListener(ResilienceConfigurationRefresher refresher) {
            return new EnvironmentChangeListener(refresher);
        }
    }
}
