package dev.resilience.spring.boot.autoconfigure.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import dev.resilience.core.ConflictingConfigurationException;
import dev.resilience.core.InvalidConfigurationException;
import dev.resilience.core.registry.Registry;
import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationException;
import dev.resilience.spring.boot.autoconfigure.customizer.ConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.properties.InstanceProperties;
import dev.resilience.spring.boot.autoconfigure.properties.PatternProperties;
import org.jspecify.annotations.Nullable;

/**
 * Turns the properties of one pattern into finished core configurations, for every pattern alike.
 *
 * <p>A level (a config or an instance) is built as {@code XConfig.from(parent)}, then the level's own
 * non-null settings, then every customizer, then {@code build()}, then the finisher (if any). Its parent is
 * the config named by its {@code base-config} if set, else the {@code default} config, else (for
 * {@code default} itself) the core's built-in defaults. Every config is built, used or not, so that a bad
 * value anywhere fails the start.
 *
 * <p>Validation stays in the core builders: an {@link InvalidConfigurationException} is rethrown as a
 * {@link ResilienceConfigurationException} naming the full path of the level that set the value, and so is a
 * {@link ConflictingConfigurationException} from {@code build()} (settings that do not fit together, naming
 * the property to change); any other {@link IllegalStateException} from {@code build()} names the level. An unknown
 * {@code base-config}, configs inheriting in a cycle and exception classes that do not exist are reported
 * the same way. Internal: not part of the public API.
 *
 * @param <C> the configuration type
 * @param <B> the builder type
 * @param <P> the settings type
 */
public final class ConfigResolver<C, B, P extends InstanceProperties> {

    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private final PatternMapping<C, B, P> mapping;
    private final List<? extends ConfigCustomizer<? super B>> customizers;
    private final UnaryOperator<C> finisher;
    private final ClassReferences references;
    private final StoreProviders stores;

    public ConfigResolver(PatternMapping<C, B, P> mapping, List<? extends ConfigCustomizer<? super B>> customizers,
            ClassLoader classLoader) {
        this(mapping, customizers, UnaryOperator.identity(), classLoader);
    }

    public ConfigResolver(PatternMapping<C, B, P> mapping, List<? extends ConfigCustomizer<? super B>> customizers,
            UnaryOperator<C> finisher, ClassLoader classLoader) {
        this(mapping, customizers, finisher, classLoader, StoreProviders.none());
    }

    /**
     * @param mapping how the pattern's properties map onto its builder
     * @param customizers applied, in order, to every level after its properties
     * @param finisher applied to every built configuration, last: for what must hold whatever the customizers
     *        did (context propagation); must be idempotent, as a level inherits its parent's finished config
     * @param classLoader loads the exception classes named in properties
     * @param stores the shared stores that {@code store} properties can name
     */
    public ConfigResolver(PatternMapping<C, B, P> mapping, List<? extends ConfigCustomizer<? super B>> customizers,
            UnaryOperator<C> finisher, ClassLoader classLoader, StoreProviders stores) {
        this(mapping, customizers, finisher, ClassReferences.withoutBeans(classLoader), stores);
    }

    /**
     * @param references loads the exception classes and turns the predicate class names into objects
     *        (beans of the context, or new instances)
     * @param stores the shared stores that {@code store} properties can name
     */
    public ConfigResolver(PatternMapping<C, B, P> mapping, List<? extends ConfigCustomizer<? super B>> customizers,
            UnaryOperator<C> finisher, ClassReferences references, StoreProviders stores) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.customizers = List.copyOf(customizers);
        this.finisher = Objects.requireNonNull(finisher, "finisher");
        this.references = Objects.requireNonNull(references, "references");
        this.stores = Objects.requireNonNull(stores, "stores");
    }

    /** The mapping this resolver applies. */
    public PatternMapping<C, B, P> mapping() {
        return mapping;
    }

    /**
     * Resolves every config and instance of {@code properties}.
     *
     * @throws ResilienceConfigurationException when any of them is invalid
     */
    public ResolvedConfigs<C, P> resolve(PatternProperties<P> properties) {
        return new Resolution(properties).run();
    }

    /** One run of {@link #resolve}: the memo of finished configs and the configs being built. */
    private final class Resolution {

        private final Map<String, P> configSettings = new LinkedHashMap<>();
        private final Map<String, P> instanceSettings = new LinkedHashMap<>();
        private final Map<String, ResolvedConfigs.Node<C, P>> configs = new HashMap<>();
        private final Deque<String> building = new ArrayDeque<>();

        Resolution(PatternProperties<P> properties) {
            configSettings.put(Registry.DEFAULT_CONFIG, mapping.emptySettings().get());
            properties.getConfigs().forEach((name, settings) ->
                    configSettings.put(name, settings != null ? settings : mapping.emptySettings().get()));
            properties.getInstances().forEach((name, settings) ->
                    instanceSettings.put(name, settings != null ? settings : mapping.emptySettings().get()));
            for (ConfigCustomizer<? super B> customizer : customizers) {
                for (String name : customizer.names()) {
                    if (!configSettings.containsKey(name) && !instanceSettings.containsKey(name)) {
                        instanceSettings.put(name, mapping.emptySettings().get());
                    }
                }
            }
        }

        ResolvedConfigs<C, P> run() {
            Map<String, ResolvedConfigs.Node<C, P>> orderedConfigs = new LinkedHashMap<>();
            for (String name : configSettings.keySet()) {
                orderedConfigs.put(name, config(name));
            }
            Map<String, ResolvedConfigs.Node<C, P>> instances = new LinkedHashMap<>();
            instanceSettings.forEach((name, settings) ->
                    instances.put(name, level(instancePath(name), name, settings)));
            return new ResolvedConfigs<>(mapping.key(), orderedConfigs, instances);
        }

        private ResolvedConfigs.Node<C, P> config(String name) {
            ResolvedConfigs.Node<C, P> done = configs.get(name);
            if (done != null) {
                return done;
            }
            if (building.contains(name)) {
                throw cycle(name);
            }
            building.addLast(name);
            ResolvedConfigs.Node<C, P> node = level(configPath(name), name, configSettings.get(name));
            building.removeLast();
            configs.put(name, node);
            return node;
        }

        /** Builds one level: parent, own settings, customizers, build. */
        private ResolvedConfigs.Node<C, P> level(String path, String name, P settings) {
            ResolvedConfigs.Node<C, P> parent = parent(path, name, settings);
            List<P> chain = new ArrayList<>();
            chain.add(settings);
            if (parent != null) {
                chain.addAll(parent.chain());
            }
            C parentConfig = parent != null ? parent.config() : mapping.defaults().get();
            Level<P, C> level = new Level<>(path, parentConfig, List.copyOf(chain), references, stores);
            B builder = mapping.from().apply(parentConfig);
            try {
                checkCommonSettings(settings);
                mapping.mapper().apply(settings, builder, level);
            } catch (InvalidConfigurationException e) {
                throw invalidValue(path, e);
            }
            for (ConfigCustomizer<? super B> customizer : customizers) {
                try {
                    customizer.customize(name, builder);
                } catch (InvalidConfigurationException e) {
                    throw invalidCustomization(path, customizer, e);
                }
            }
            C config;
            try {
                config = mapping.build().apply(builder);
            } catch (InvalidConfigurationException e) {
                throw invalidValue(path, e);
            } catch (ConflictingConfigurationException e) {
                throw conflicting(path, e);
            } catch (IllegalStateException e) {
                throw contradictory(path, e);
            }
            return new ResolvedConfigs.Node<>(finisher.apply(config), List.copyOf(chain));
        }

        /** The parent level, or {@code null} when the parent is the core's built-in defaults. */
        private ResolvedConfigs.@Nullable Node<C, P> parent(String path, String name, P settings) {
            String base = settings.getBaseConfig();
            if (base == null || base.isBlank()) {
                boolean isDefaultConfig = Registry.DEFAULT_CONFIG.equals(name) && path.equals(configPath(name));
                return isDefaultConfig ? null : config(Registry.DEFAULT_CONFIG);
            }
            base = base.trim();
            if (!configSettings.containsKey(base)) {
                throw unknownBaseConfig(path, base);
            }
            return config(base);
        }

        private ResilienceConfigurationException cycle(String name) {
            List<String> cycle = new ArrayList<>();
            boolean inCycle = false;
            for (String config : building) {
                inCycle |= config.equals(name);
                if (inCycle) {
                    cycle.add(config);
                }
            }
            cycle.add(name);
            String first = cycle.get(0);
            String property = configPath(first) + ".base-config";
            if (cycle.contains(Registry.DEFAULT_CONFIG)
                    && configSettings.get(Registry.DEFAULT_CONFIG).getBaseConfig() != null) {
                String defaultProperty = configPath(Registry.DEFAULT_CONFIG) + ".base-config";
                return new ResilienceConfigurationException("Invalid '" + defaultProperty + "' ("
                        + configSettings.get(Registry.DEFAULT_CONFIG).getBaseConfig()
                        + "): the 'default' config cannot have a base-config, every other config inherits from it"
                        + " (cycle: " + String.join(" -> ", cycle) + ")",
                        "Remove '" + defaultProperty + "': the 'default' config inherits from the built-in "
                                + "defaults only.",
                        defaultProperty, null);
            }
            return new ResilienceConfigurationException("The configs of '" + mapping.prefix()
                    + "' inherit from each other in a cycle: " + String.join(" -> ", cycle) + " (see '"
                    + property + "')",
                    "Change one of the base-config settings of " + cycle.subList(0, cycle.size() - 1)
                            + " so that the inheritance ends at the 'default' config.",
                    property, null);
        }

        private ResilienceConfigurationException unknownBaseConfig(String path, String base) {
            String property = path + ".base-config";
            Set<String> known = new LinkedHashSet<>(configSettings.keySet());
            return new ResilienceConfigurationException("Invalid '" + property + "' (" + base
                    + "): must name a config of '" + mapping.prefix() + ".configs', one of " + known,
                    "Set '" + property + "' to one of " + known + ", or add a config named '" + base + "' under '"
                            + mapping.prefix() + ".configs'.",
                    property, null);
        }
    }

    /** The settings every pattern has that no core builder holds, checked like the builders check theirs. */
    private static void checkCommonSettings(InstanceProperties settings) {
        Integer bufferSize = settings.getEventConsumerBufferSize();
        if (bufferSize != null && bufferSize < 1) {
            throw new InvalidConfigurationException("event-consumer-buffer-size", bufferSize,
                    "must be greater than or equal to 1");
        }
    }

    private ResilienceConfigurationException invalidValue(String path, InvalidConfigurationException e) {
        String property = path + "." + e.property();
        return new ResilienceConfigurationException(e.messageWithPrefix(path + "."),
                "Update '" + property + "' in your configuration: it " + e.requirement() + ".", property, e);
    }

    private ResilienceConfigurationException conflicting(String path, ConflictingConfigurationException e) {
        String property = path + "." + e.property();
        return new ResilienceConfigurationException(e.messageWithPrefix(path + "."),
                "Update '" + property + "' in your configuration, or the settings it must agree with: it "
                        + e.requirement() + ".", property, e);
    }

    private ResilienceConfigurationException invalidCustomization(String path, ConfigCustomizer<?> customizer,
            InvalidConfigurationException e) {
        return new ResilienceConfigurationException(e.messageWithPrefix(path + ".") + " (set by the customizer "
                + customizer.getClass().getName() + ")",
                "Fix the customizer " + customizer.getClass().getName() + ": '" + e.property() + "' "
                        + e.requirement() + ".",
                null, e);
    }

    private ResilienceConfigurationException contradictory(String path, IllegalStateException e) {
        return new ResilienceConfigurationException("Invalid configuration '" + path + "': " + e.getMessage(),
                "Change the settings of '" + path + "', or of the configs it inherits from, so that they agree.",
                null, e);
    }

    private String configPath(String name) {
        return mapping.prefix() + ".configs" + key(name);
    }

    private String instancePath(String name) {
        return mapping.prefix() + ".instances" + key(name);
    }

    /** A map key as it appears in a property path: {@code .backend}, or {@code [a.b]} when it needs brackets. */
    static String key(String name) {
        return SIMPLE_KEY.matcher(name).matches() ? "." + name : "[" + name + "]";
    }
}
