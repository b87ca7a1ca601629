package dev.resilience.spring.boot.autoconfigure.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.resilience.core.registry.Registry;
import dev.resilience.spring.boot.autoconfigure.properties.InstanceProperties;
import org.jspecify.annotations.Nullable;

/**
 * The finished configurations of one pattern: every config (the {@code default} one included) and every
 * instance named in the properties or by a customizer, each with the chain of settings it inherits, for the
 * settings only the Spring integration reads. Immutable. Internal: not part of the public API.
 *
 * @param <C> the configuration type
 * @param <P> the settings type
 */
public final class ResolvedConfigs<C, P extends InstanceProperties> {

    private final String key;
    private final Map<String, Node<C, P>> configs;
    private final Map<String, Node<C, P>> instances;

    ResolvedConfigs(String key, Map<String, Node<C, P>> configs, Map<String, Node<C, P>> instances) {
        this.key = key;
        this.configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
        this.instances = Collections.unmodifiableMap(new LinkedHashMap<>(instances));
    }

    /** The pattern key, for example {@code circuit-breaker}. */
    public String key() {
        return key;
    }

    /** The {@code default} config: what every instance without an entry of its own gets. */
    public C defaultConfig() {
        return configs.get(Registry.DEFAULT_CONFIG).config();
    }

    /** Every config by name, {@code default} first. */
    public Map<String, C> configs() {
        return configsOf(configs);
    }

    /** Every instance configured by properties or customizers, by name. */
    public Map<String, C> instances() {
        return configsOf(instances);
    }

    /**
     * A setting only the Spring integration reads (such as {@code register-health-indicator}), as the
     * instance {@code name} sees it: its own value, else inherited, else {@code fallback}. An instance the
     * properties do not mention sees the {@code default} config's value.
     */
    public <V> V setting(String name, Function<? super P, ? extends @Nullable V> getter, V fallback) {
        Node<C, P> node = instances.getOrDefault(name, configs.get(Registry.DEFAULT_CONFIG));
        for (P settings : node.chain()) {
            V value = getter.apply(settings);
            if (value != null) {
                return value;
            }
        }
        return fallback;
    }

    /**
     * Gives a registry created with {@link #defaultConfig()} the named configs and the instance configs.
     */
    public void applyTo(Registry<?, C, ?> registry) {
        configs.forEach((name, node) -> registry.addConfig(name, node.config()));
        instances.forEach((name, node) -> registry.configureInstance(name, node.config()));
    }

    /**
     * Applies these configs, resolved anew at runtime, to a registry that {@code previous} was applied to.
     * Existing instances are reconfigured in place (state, listeners and meters survive):
     * <ul>
     *   <li>an instance named in the properties gets its new config;
     *   <li>an instance that was named before and no longer is falls back to the new {@code default};
     *   <li>any other existing instance gets the new version of the shared config it runs on (see
     *       {@link #followShared}).
     * </ul>
     *
     * @param configOf reads an instance's current configuration
     * @param nameOf reads an instance's name
     */
    public <E> void reapplyTo(Registry<E, C, ?> registry, ResolvedConfigs<C, P> previous,
            Function<? super E, ? extends C> configOf, Function<? super E, String> nameOf) {
        applyTo(registry);
        for (String name : previous.instances.keySet()) {
            if (!instances.containsKey(name)) {
                registry.configureInstance(name, defaultConfig());
            }
        }
        followShared(registry, previous, configOf, nameOf);
    }

    /**
     * Reconfigures the existing instances of {@code registry} that the properties do not name and that run on
     * a shared config of {@code previous} (its {@code default} or another named config, recognised by
     * identity) with the new version of that config. Instances created with a configuration of their own are
     * left alone.
     */
    public <E> void followShared(Registry<E, C, ?> registry, ResolvedConfigs<C, P> previous,
            Function<? super E, ? extends C> configOf, Function<? super E, String> nameOf) {
        Map<C, String> previousShared = new IdentityHashMap<>();
        previous.configs.forEach((name, node) -> previousShared.putIfAbsent(node.config(), name));
        for (E instance : registry.all()) {
            String name = nameOf.apply(instance);
            if (instances.containsKey(name) || previous.instances.containsKey(name)) {
                continue;
            }
            String shared = previousShared.get(configOf.apply(instance));
            if (shared != null && configs.containsKey(shared)) {
                registry.configureInstance(name, configs.get(shared).config());
            }
        }
    }

    private static <C, P extends InstanceProperties> Map<String, C> configsOf(Map<String, Node<C, P>> nodes) {
        Map<String, C> result = new LinkedHashMap<>();
        nodes.forEach((name, node) -> result.put(name, node.config()));
        return Collections.unmodifiableMap(result);
    }

    /** A finished level: its configuration and its settings, own first, then inherited ones. */
    record Node<C, P>(C config, List<P> chain) {
    }
}
