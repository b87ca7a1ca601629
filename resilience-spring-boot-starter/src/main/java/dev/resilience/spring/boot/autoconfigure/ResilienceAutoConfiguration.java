package dev.resilience.spring.boot.autoconfigure;

import dev.resilience.spring.boot.actuate.RateLimiterHealthSettings;
import dev.resilience.spring.boot.actuate.CircuitBreakerHealthSettings;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.Policy;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterRegistry;
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

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

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
@Import(ResilienceAutoConfiguration.BuiltInPatternDescriptors.class)
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
        return configurations.registry(CircuitBreakerDescriptor.CONFIGURATION, customizers, UnaryOperator.identity(),
                StoreProviders.of(stores.orderedStream().toList()), CircuitBreakerRegistry::of);
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
        String key = CircuitBreakerDescriptor.KEY;
        Class<CircuitBreakerProperties> type = CircuitBreakerProperties.class;
        return CircuitBreakerHealthSettings.of(configurations.flag(key, type,
                CircuitBreakerProperties::getRegisterHealthIndicator,
                CircuitBreakerHealthSettings.DEFAULT_REGISTER_HEALTH_INDICATOR), configurations.flag(key, type,
                CircuitBreakerProperties::getAllowHealthIndicatorToFail,
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
        return RateLimiterHealthSettings.of(configurations.flag(RateLimiterDescriptor.KEY, RateLimiterProperties.class,
                RateLimiterProperties::getRegisterHealthIndicator,
                RateLimiterHealthSettings.DEFAULT_REGISTER_HEALTH_INDICATOR), configurations.flag(
                RateLimiterDescriptor.KEY, RateLimiterProperties.class,
                RateLimiterProperties::getAllowHealthIndicatorToFail,
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
        return configurations.registry(RetryDescriptor.CONFIGURATION, customizers,
                finisher(propagation, ContextPropagation::retry), StoreProviders.none(), RetryRegistry::of);
    }

    @Bean
    @ConditionalOnMissingBean
    BulkheadRegistry bulkheadRegistry(PatternConfigurations configurations,
            ObjectProvider<BulkheadConfigCustomizer> customizers) {
        return configurations.registry(BulkheadDescriptor.CONFIGURATION, customizers, UnaryOperator.identity(),
                StoreProviders.none(), BulkheadRegistry::of);
    }

    /** Closed with the context (its {@code close()} is the inferred destroy method): the pools shut down. */
    @Bean
    @ConditionalOnMissingBean
    ThreadPoolBulkheadRegistry threadPoolBulkheadRegistry(PatternConfigurations configurations,
            ObjectProvider<ThreadPoolBulkheadConfigCustomizer> customizers,
            ObjectProvider<ContextPropagation> propagation) {
        return configurations.registry(ThreadPoolBulkheadDescriptor.CONFIGURATION, customizers,
                finisher(propagation, ContextPropagation::threadPoolBulkhead), StoreProviders.none(),
                ThreadPoolBulkheadRegistry::of);
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
        return configurations.registry(TimeoutDescriptor.CONFIGURATION, customizers,
                finisher(propagation, ContextPropagation::timeout), StoreProviders.none(), TimeoutRegistry::of);
    }

    /** Context propagation applied to every built configuration when Micrometer's library is present. */
    private static <C> UnaryOperator<C> finisher(ObjectProvider<ContextPropagation> propagation,
            BiFunction<ContextPropagation, C, C> propagate) {
        ContextPropagation context = propagation.getIfAvailable();
        return context == null ? UnaryOperator.identity() : config -> propagate.apply(context, config);
    }

    /**
     * Registers the built-in patterns' descriptors, one bean each ({@code circuitBreakerPatternDescriptor}...):
     * what the annotation support, the aspect order, the listener beans, the endpoint, the events, logging and
     * metrics know of each pattern. They are light (they look their registries up when first asked), since the
     * annotation post-processor reads them before most beans exist. A bean of the same name replaces one.
     */
    static final class BuiltInPatternDescriptors implements ImportBeanDefinitionRegistrar {

        private static final List<Class<? extends PatternDescriptor<?, ?>>> TYPES = List.of(FallbackDescriptor.class,
                RetryDescriptor.class, CircuitBreakerDescriptor.class, RateLimiterDescriptor.class,
                KeyedRateLimiterDescriptor.class, TimeoutDescriptor.class, BulkheadDescriptor.class,
                ThreadPoolBulkheadDescriptor.class);

        /** Every built-in descriptor, as the beans are, over {@code beanFactory}. */
        static List<PatternDescriptor<?, ?>> all(BeanFactory beanFactory) {
            return TYPES.stream().<PatternDescriptor<?, ?>>map(type -> BeanUtils.instantiateClass(
                    ClassUtils.getConstructorIfAvailable(type, BeanFactory.class), beanFactory)).toList();
        }

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            for (Class<? extends PatternDescriptor<?, ?>> type : TYPES) {
                String simpleName = type.getSimpleName().replace("Descriptor", "PatternDescriptor");
                String name = Character.toLowerCase(simpleName.charAt(0)) + simpleName.substring(1);
                if (!registry.containsBeanDefinition(name)) {
                    RootBeanDefinition definition = new RootBeanDefinition(type);
                    definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
                    registry.registerBeanDefinition(name, definition);
                }
            }
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
