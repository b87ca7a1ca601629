package dev.resilience.spring.boot.autoconfigure.properties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration of one pattern, {@code resilience.<pattern>}: shared configs by name and instances by
 * name, with the same keys. The config named {@code default} applies to every instance that has no entry of
 * its own and is the parent of every other config and instance that sets no {@code base-config}.
 *
 * <p>One class for every pattern; the type parameter is the pattern's settings.
 *
 * <p>Not thread-safe: bound once by Spring Boot, then only read.
 *
 * @param <P> the settings of one config or instance of the pattern
 * @since 0.1.0
 */
public class PatternProperties<P extends InstanceProperties> {

    /**
     * Shared configs by name, each with the settings of the pattern. 'default' applies to every instance
     * without an entry of its own and is the parent of every config and instance without a 'base-config'; any
     * other config is used through 'base-config'.
     */
    private final Map<String, P> configs = new LinkedHashMap<>();

    /**
     * Instances by name (the name used in the annotation or in the registry), each with the settings it
     * overrides; an unset setting is inherited from its 'base-config', else from the 'default' config.
     */
    private final Map<String, P> instances = new LinkedHashMap<>();

    public Map<String, P> getConfigs() {
        return configs;
    }

    public Map<String, P> getInstances() {
        return instances;
    }
}
