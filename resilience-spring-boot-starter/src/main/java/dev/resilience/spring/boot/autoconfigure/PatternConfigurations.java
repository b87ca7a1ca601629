package dev.resilience.spring.boot.autoconfigure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.registry.Registry;
import dev.resilience.spring.boot.autoconfigure.customizer.ConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.internal.BoundPattern;
import dev.resilience.spring.boot.autoconfigure.internal.ClassReferences;
import dev.resilience.spring.boot.autoconfigure.internal.ConfigResolver;
import dev.resilience.spring.boot.autoconfigure.internal.StoreProviders;
import dev.resilience.spring.boot.autoconfigure.properties.InstanceProperties;
import dev.resilience.spring.boot.autoconfigure.properties.PatternProperties;
import dev.resilience.spring.boot.pattern.PatternConfiguration;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Builds pattern registries from their YAML groups, {@code resilience.<key>}, the same way for every pattern:
 * {@code configs} and {@code instances} with {@code base-config} inheritance, every config built at start-up so
 * that a value the core builder rejects stops the start naming its full property path, and runtime refresh in
 * place ({@link ResilienceConfigurationRefresher}). A pattern added by a module or an application builds its
 * registry bean with {@link #bind(PatternConfiguration, Function)}; its group is then bound through the
 * context's binding advisors, so the strict unknown-key check ({@code resilience.fail-on-unknown-properties})
 * covers it too.
 *
 * <pre>{@code
 * @Bean
 * EveryNthRegistry everyNthRegistry(PatternConfigurations configurations) {
 *     return configurations.bind(EveryNthDescriptor.CONFIGURATION, EveryNthRegistry::new);
 * }
 * }</pre>
 *
 * <p>Bean: {@code resiliencePatternConfigurations}. Thread-safe.
 *
 * @since 0.2.0
 */
public final class PatternConfigurations implements BeanFactoryAware, BeanClassLoaderAware {

    private final ResilienceProperties properties;
    private final ResilienceConfigurationRefresher refresher;
    private final Environment environment;
    private final Map<String, BoundPattern<?, ?>> bound = new ConcurrentHashMap<>();
    private @Nullable BeanFactory beanFactory;
    private @Nullable ClassLoader classLoader;

    PatternConfigurations(ResilienceProperties properties, ResilienceConfigurationRefresher refresher,
            Environment environment) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.refresher = Objects.requireNonNull(refresher, "refresher");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /**
     * A registry built from {@code resilience.<key>}: created with the resolved {@code default} config, given
     * every other config and instance, and reconfigured in place when the properties are refreshed.
     *
     * @param configuration how the group binds and maps onto the core configuration
     * @param registryOf creates the registry from its default configuration
     * @throws ResilienceConfigurationException naming the full property path when a value is invalid
     */
    public <C, E extends PatternInstance<C, ?>, R extends Registry<E, C, ?>> R bind(
            PatternConfiguration<C, ?, ?> configuration, Function<? super C, ? extends R> registryOf) {
        BoundPattern<C, ?> pattern = bind(configuration, List.of(), UnaryOperator.identity(), StoreProviders.none());
        return pattern.bind(registryOf.apply(pattern.current().defaultConfig()), PatternInstance::config,
                PatternInstance::name);
    }

    /**
     * A built-in pattern's registry: {@link #bind(PatternConfiguration, Function)} with the pattern's
     * customizer beans, a finisher applied to every built configuration (context propagation) and the stores
     * its {@code store} property can name.
     */
    <C, B, E extends PatternInstance<C, ?>, R extends Registry<E, C, ?>> R registry(
            PatternConfiguration<C, B, ?> configuration, ObjectProvider<? extends ConfigCustomizer<? super B>> customizers,
            UnaryOperator<C> finisher, StoreProviders stores, Function<? super C, ? extends R> registryOf) {
        BoundPattern<C, ?> pattern = bind(configuration, customizers.orderedStream().toList(), finisher, stores);
        return pattern.bind(registryOf.apply(pattern.current().defaultConfig()), PatternInstance::config,
                PatternInstance::name);
    }

    /**
     * Resolves one pattern's properties (throwing {@link ResilienceConfigurationException}, which stops the
     * start, when they are invalid) and registers it for runtime refresh.
     */
    <C, B, P extends InstanceProperties> BoundPattern<C, P> bind(PatternConfiguration<C, B, P> configuration,
            List<? extends ConfigCustomizer<? super B>> customizers, UnaryOperator<C> finisher,
            StoreProviders stores) {
        ClassLoader loader = classLoader != null ? classLoader : ClassUtils.getDefaultClassLoader();
        BeanFactory beans = beanFactory;
        // A predicate named by class (record-failure-predicate...) is the context's bean of that class if it has one.
        ClassReferences references = beans == null ? ClassReferences.withoutBeans(loader)
                : new ClassReferences(loader, type -> beans.getBeanProvider(type).getIfUnique());
        ConfigResolver<C, B, P> resolver = new ConfigResolver<>(configuration.mapping(), customizers, finisher,
                references, stores);
        Function<ResilienceProperties, ? extends PatternProperties<P>> group = configuration.group();
        BoundPattern<C, P> pattern = new BoundPattern<>(resolver,
                group != null ? group : ignored -> bindGroup(configuration), properties);
        refresher.register(pattern);
        bound.put(configuration.key(), pattern);
        return pattern;
    }

    /**
     * {@code resilience.<key>} of a pattern that {@link ResilienceProperties} does not hold, bound now from the
     * environment through the context's binding advisors (the empty-value check, the unknown-key check).
     */
    @SuppressWarnings("unchecked")
    private <P extends InstanceProperties> PatternProperties<P> bindGroup(PatternConfiguration<?, ?, P> configuration) {
        BindHandler handler = BindHandler.DEFAULT;
        BeanFactory beans = beanFactory;
        if (beans != null) {
            for (ConfigurationPropertiesBindHandlerAdvisor advisor : beans
                    .getBeanProvider(ConfigurationPropertiesBindHandlerAdvisor.class).orderedStream().toList()) {
                handler = advisor.apply(handler);
            }
        }
        Bindable<PatternProperties<P>> target = (Bindable<PatternProperties<P>>) (Bindable<?>) Bindable.of(
                ResolvableType.forClassWithGenerics(PatternProperties.class, configuration.settingsType()));
        try {
            return Binder.get(environment).bindOrCreate(ResilienceProperties.PREFIX + "." + configuration.key(),
                    target, handler);
        } catch (BindException e) {
            if (e.getCause() instanceof ResilienceConfigurationException invalid) {
                throw invalid;
            }
            throw e;
        }
    }

    /**
     * A setting only the Spring integration reads, as the instance {@code name} of pattern {@code key} sees it:
     * from the properties resolved last when the registry was built here, else (the application's own
     * registry) from the bound properties as they are, else {@code fallback}.
     */
    <V> @Nullable V instanceSetting(String key, String name, Function<InstanceProperties, @Nullable V> getter,
            @Nullable V fallback) {
        BoundPattern<?, ?> pattern = bound.get(key);
        if (pattern != null) {
            return pattern.current().setting(name, getter, fallback);
        }
        BeanFactory beans = beanFactory;
        if (beans != null) {
            for (PatternDescriptor<?, ?> descriptor : RegistryPatternInstances.descriptors(beans)) {
                PatternConfiguration<?, ?, ?> configuration = descriptor.configuration();
                if (configuration != null && configuration.key().equals(key) && configuration.group() != null) {
                    return unresolvedSetting(configuration.group().apply(properties), name, getter, fallback);
                }
            }
        }
        return fallback;
    }

    /**
     * A boolean setting of the instances of pattern {@code key}, by instance name, read as
     * {@link #instanceSetting} reads it.
     */
    <P extends InstanceProperties> Predicate<String> flag(String key, Class<P> settingsType,
            Function<? super P, @Nullable Boolean> getter, boolean fallback) {
        return name -> Boolean.TRUE.equals(instanceSetting(key, name,
                settings -> settingsType.isInstance(settings) ? getter.apply(settingsType.cast(settings)) : null,
                fallback));
    }

    /**
     * A setting as the instance {@code name} inherits it (own value, then its {@code base-config} chain, then
     * the {@code default} config), read from properties that were not resolved; a missing or cyclic
     * {@code base-config} simply ends the chain.
     */
    private static <P extends InstanceProperties, V> @Nullable V unresolvedSetting(PatternProperties<P> group,
            String name, Function<? super P, @Nullable V> getter, @Nullable V fallback) {
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
}
