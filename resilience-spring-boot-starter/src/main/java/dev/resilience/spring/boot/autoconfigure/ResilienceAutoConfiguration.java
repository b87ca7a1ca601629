package dev.resilience.spring.boot.autoconfigure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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
import dev.resilience.core.registry.Registry;
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
import dev.resilience.spring.boot.autoconfigure.customizer.ConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.customizer.RateLimiterConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.customizer.RetryConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.customizer.ThreadPoolBulkheadConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.customizer.TimeoutConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.internal.BoundPattern;
import dev.resilience.spring.boot.autoconfigure.internal.ClassReferences;
import dev.resilience.spring.boot.autoconfigure.internal.ConfigResolver;
import dev.resilience.spring.boot.autoconfigure.internal.ContextPropagation;
import dev.resilience.spring.boot.autoconfigure.internal.EmptyValueBindHandler;
import dev.resilience.spring.boot.autoconfigure.internal.EnvironmentChangeListener;
import dev.resilience.spring.boot.autoconfigure.internal.MicrometerContextPropagation;
import dev.resilience.spring.boot.autoconfigure.internal.PatternMapping;
import dev.resilience.spring.boot.autoconfigure.internal.Patterns;
import dev.resilience.spring.boot.autoconfigure.internal.StoreProviders;
import dev.resilience.spring.boot.autoconfigure.properties.CircuitBreakerProperties;
import dev.resilience.spring.boot.autoconfigure.properties.InstanceProperties;
import dev.resilience.spring.boot.autoconfigure.properties.PatternProperties;
import dev.resilience.spring.boot.autoconfigure.properties.RateLimiterProperties;
import dev.resilience.spring.boot.autoconfigure.store.ResilienceStoreProvider;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutRegistry;
import dev.resilience.spring.boot.pattern.BulkheadDescriptor;
import dev.resilience.spring.boot.pattern.CircuitBreakerDescriptor;
import dev.resilience.spring.boot.pattern.FallbackDescriptor;
import dev.resilience.spring.boot.pattern.KeyedRateLimiterDescriptor;
import dev.resilience.spring.boot.pattern.RateLimiterDescriptor;
import dev.resilience.spring.boot.pattern.RetryDescriptor;
import dev.resilience.spring.boot.pattern.ThreadPoolBulkheadDescriptor;
import dev.resilience.spring.boot.pattern.TimeoutDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
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
public final class ResilienceAutoConfiguration implements BeanClassLoaderAware, BeanFactoryAware {

    private final ResilienceProperties properties;

    private final ResilienceConfigurationRefresher refresher;

    private @Nullable ClassLoader classLoader;

    private @Nullable BeanFactory beanFactory;

    private @Nullable BoundPattern<CircuitBreakerConfig, CircuitBreakerProperties> circuitBreakerPattern;

    /** Every pattern whose registry was built here, by pattern key: for the settings only Spring reads. */
    private final Map<String, BoundPattern<?, ?>> boundPatterns = new ConcurrentHashMap<>();

    ResilienceAutoConfiguration(ResilienceProperties properties, Environment environment) {
        this.properties = properties;
        this.refresher = new ResilienceConfigurationRefresher(environment);
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
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

    @Bean
    @ConditionalOnMissingBean
    AspectOrder resilienceAspectOrder() {
        return AspectOrder.of(properties.getAspectOrder());
    }

    @Bean
    @ConditionalOnMissingBean
    CircuitBreakerRegistry circuitBreakerRegistry(ObjectProvider<CircuitBreakerConfigCustomizer> customizers,
            ObjectProvider<ResilienceStoreProvider> stores) {
        BoundPattern<CircuitBreakerConfig, CircuitBreakerProperties> pattern = circuitBreakerPattern(customizers,
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
    CircuitBreakerHealthSettings circuitBreakerHealthSettings(ObjectProvider<CircuitBreakerRegistry> registry) {
        registry.getIfUnique(); // creates the registry first, so that a registry built here has bound its pattern
        BoundPattern<CircuitBreakerConfig, CircuitBreakerProperties> pattern = boundCircuitBreakerPattern();
        if (pattern != null) {
            return CircuitBreakerHealthSettings.of(
                    name -> pattern.current().setting(name, CircuitBreakerProperties::getRegisterHealthIndicator,
                            CircuitBreakerHealthSettings.DEFAULT_REGISTER_HEALTH_INDICATOR),
                    name -> pattern.current().setting(name, CircuitBreakerProperties::getAllowHealthIndicatorToFail,
                            CircuitBreakerHealthSettings.DEFAULT_ALLOW_HEALTH_INDICATOR_TO_FAIL));
        }
        PatternProperties<CircuitBreakerProperties> breakers = properties.getCircuitBreaker();
        return CircuitBreakerHealthSettings.of(
                name -> unresolvedSetting(breakers, name, CircuitBreakerProperties::getRegisterHealthIndicator,
                        CircuitBreakerHealthSettings.DEFAULT_REGISTER_HEALTH_INDICATOR),
                name -> unresolvedSetting(breakers, name, CircuitBreakerProperties::getAllowHealthIndicatorToFail,
                        CircuitBreakerHealthSettings.DEFAULT_ALLOW_HEALTH_INDICATOR_TO_FAIL));
    }

    /**
     * {@code register-health-indicator} and {@code allow-health-indicator-to-fail} per rate limiter name, read
     * like the circuit breakers' ({@link #circuitBreakerHealthSettings}).
     */
    @Bean
    @ConditionalOnMissingBean
    RateLimiterHealthSettings rateLimiterHealthSettings(ObjectProvider<RateLimiterRegistry> registry) {
        registry.getIfUnique(); // creates the registry first, so that a registry built here has bound its pattern
        return RateLimiterHealthSettings.of(
                name -> instanceSetting(Patterns.RATE_LIMITER.key(), name,
                        settings -> ((RateLimiterProperties) settings).getRegisterHealthIndicator(),
                        RateLimiterHealthSettings.DEFAULT_REGISTER_HEALTH_INDICATOR),
                name -> instanceSetting(Patterns.RATE_LIMITER.key(), name,
                        settings -> ((RateLimiterProperties) settings).getAllowHealthIndicatorToFail(),
                        RateLimiterHealthSettings.DEFAULT_ALLOW_HEALTH_INDICATOR_TO_FAIL));
    }

    /** {@code event-consumer-buffer-size} per pattern and instance name, for the events endpoint's buffer. */
    @Bean
    @ConditionalOnMissingBean
    EventConsumerBufferSizes eventConsumerBufferSizes() {
        return EventConsumerBufferSizes.of((pattern, name) ->
                instanceSetting(pattern, name, InstanceProperties::getEventConsumerBufferSize, null));
    }

    @Bean
    @ConditionalOnMissingBean
    RetryRegistry retryRegistry(ObjectProvider<RetryConfigCustomizer> customizers,
            ObjectProvider<ContextPropagation> propagation) {
        ContextPropagation context = propagation.getIfAvailable();
        BoundPattern<RetryConfig, ?> pattern = bind(Patterns.RETRY, ResilienceProperties::getRetry, customizers,
                context != null ? context::retry : UnaryOperator.identity());
        return pattern.bind(RetryRegistry.of(pattern.current().defaultConfig()), Retry::config, Retry::name);
    }

    @Bean
    @ConditionalOnMissingBean
    BulkheadRegistry bulkheadRegistry(ObjectProvider<BulkheadConfigCustomizer> customizers) {
        BoundPattern<BulkheadConfig, ?> pattern = bind(Patterns.BULKHEAD, ResilienceProperties::getBulkhead,
                customizers, UnaryOperator.identity());
        return pattern.bind(BulkheadRegistry.of(pattern.current().defaultConfig()), Bulkhead::config, Bulkhead::name);
    }

    /** Closed with the context (its {@code close()} is the inferred destroy method): the pools shut down. */
    @Bean
    @ConditionalOnMissingBean
    ThreadPoolBulkheadRegistry threadPoolBulkheadRegistry(
            ObjectProvider<ThreadPoolBulkheadConfigCustomizer> customizers,
            ObjectProvider<ContextPropagation> propagation) {
        ContextPropagation context = propagation.getIfAvailable();
        BoundPattern<ThreadPoolBulkheadConfig, ?> pattern = bind(Patterns.THREAD_POOL_BULKHEAD,
                ResilienceProperties::getThreadPoolBulkhead, customizers,
                context != null ? context::threadPoolBulkhead : UnaryOperator.identity());
        return pattern.bind(ThreadPoolBulkheadRegistry.of(pattern.current().defaultConfig()),
                ThreadPoolBulkhead::config, ThreadPoolBulkhead::name);
    }

    @Bean
    @ConditionalOnMissingBean
    RateLimiterRegistry rateLimiterRegistry(ObjectProvider<RateLimiterConfigCustomizer> customizers,
            ObjectProvider<ResilienceStoreProvider> stores) {
        BoundPattern<RateLimiterConfig, ?> pattern = bind(Patterns.RATE_LIMITER, ResilienceProperties::getRateLimiter,
                customizers, UnaryOperator.identity(), StoreProviders.of(stores.orderedStream().toList()));
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
    TimeoutRegistry timeoutRegistry(ObjectProvider<TimeoutConfigCustomizer> customizers,
            ObjectProvider<ContextPropagation> propagation) {
        ContextPropagation context = propagation.getIfAvailable();
        BoundPattern<TimeoutConfig, ?> pattern = bind(Patterns.TIMEOUT, ResilienceProperties::getTimeout, customizers,
                context != null ? context::timeout : UnaryOperator.identity());
        return pattern.bind(TimeoutRegistry.of(pattern.current().defaultConfig()), Timeout::config, Timeout::name);
    }

    /** Resolves the circuit breakers' properties and keeps them for the health settings. */
    private synchronized BoundPattern<CircuitBreakerConfig, CircuitBreakerProperties> circuitBreakerPattern(
            ObjectProvider<CircuitBreakerConfigCustomizer> customizers, StoreProviders stores) {
        BoundPattern<CircuitBreakerConfig, CircuitBreakerProperties> pattern = bind(Patterns.CIRCUIT_BREAKER,
                ResilienceProperties::getCircuitBreaker, customizers, UnaryOperator.identity(), stores);
        circuitBreakerPattern = pattern;
        return pattern;
    }

    private synchronized @Nullable BoundPattern<CircuitBreakerConfig, CircuitBreakerProperties>
            boundCircuitBreakerPattern() {
        return circuitBreakerPattern;
    }

    /**
     * A setting only the Spring integration reads, as the instance {@code name} of pattern {@code key} sees it:
     * from the properties resolved last when the registry was built here, else (the application's own
     * registry, or an unknown key) from the bound properties as they are.
     */
    private <V> @Nullable V instanceSetting(String key, String name,
            Function<InstanceProperties, @Nullable V> getter, @Nullable V fallback) {
        BoundPattern<?, ?> pattern = boundPatterns.get(key);
        if (pattern != null) {
            return pattern.current().setting(name, getter, fallback);
        }
        PatternProperties<? extends InstanceProperties> group = switch (key) {
            case "circuit-breaker" -> properties.getCircuitBreaker();
            case "retry" -> properties.getRetry();
            case "bulkhead" -> properties.getBulkhead();
            case "thread-pool-bulkhead" -> properties.getThreadPoolBulkhead();
            case "rate-limiter" -> properties.getRateLimiter();
            case "timeout" -> properties.getTimeout();
            default -> null;
        };
        return group == null ? fallback : unresolvedSetting(group, name, getter, fallback);
    }

    /**
     * A setting as the instance {@code name} inherits it (own value, then its {@code base-config} chain, then
     * the {@code default} config), read from properties that were not resolved; a missing or cyclic
     * {@code base-config} simply ends the chain.
     */
    private static <P extends InstanceProperties, V> V unresolvedSetting(PatternProperties<P> group, String name,
            Function<? super P, @Nullable V> getter, V fallback) {
        Map<String, P> configs = group.getConfigs();
        P defaults = configs.get(Registry.DEFAULT_CONFIG);
        P current = group.getInstances().getOrDefault(name, defaults);
        Set<P> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (current != null && seen.add(current)) {
            V value = getter.apply(current);
            if (value != null) {
                return value;
            }
            String base = current.getBaseConfig();
            current = base != null ? configs.get(base) : current == defaults ? null : defaults;
        }
        return fallback;
    }

    /**
     * Resolves one pattern's properties (throwing {@link ResilienceConfigurationException}, which stops the
     * start, when they are invalid) and registers it for runtime refresh.
     */
    private <C, B, P extends InstanceProperties> BoundPattern<C, P> bind(PatternMapping<C, B, P> mapping,
            Function<ResilienceProperties, ? extends PatternProperties<P>> group,
            ObjectProvider<? extends ConfigCustomizer<? super B>> customizers, UnaryOperator<C> finisher) {
        return bind(mapping, group, customizers, finisher, StoreProviders.none());
    }

    private <C, B, P extends InstanceProperties> BoundPattern<C, P> bind(PatternMapping<C, B, P> mapping,
            Function<ResilienceProperties, ? extends PatternProperties<P>> group,
            ObjectProvider<? extends ConfigCustomizer<? super B>> customizers, UnaryOperator<C> finisher,
            StoreProviders stores) {
        List<? extends ConfigCustomizer<? super B>> ordered = customizers.orderedStream().toList();
        ClassLoader loader = classLoader != null ? classLoader : ClassUtils.getDefaultClassLoader();
        BeanFactory beans = beanFactory;
        // A predicate named by class (record-failure-predicate...) is the context's bean of that class if it has one.
        ClassReferences references = beans == null ? ClassReferences.withoutBeans(loader)
                : new ClassReferences(loader, type -> beans.getBeanProvider(type).getIfUnique());
        ConfigResolver<C, B, P> resolver = new ConfigResolver<>(mapping, ordered, finisher, references, stores);
        BoundPattern<C, P> pattern = new BoundPattern<>(resolver, group, properties);
        refresher.register(pattern);
        boundPatterns.put(mapping.key(), pattern);
        return pattern;
    }

    /**
     * The built-in patterns' descriptors: what the annotation support, the aspect order, the listener beans,
     * the endpoint, the events, logging and metrics know of each pattern. Static and light (they look their
     * registries up when first asked), since the annotation post-processor reads them early.
     */
    @Configuration(proxyBeanMethods = false)
    static class BuiltInPatternDescriptors {

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
