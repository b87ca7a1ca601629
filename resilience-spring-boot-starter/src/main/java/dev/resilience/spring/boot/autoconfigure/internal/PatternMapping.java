package dev.resilience.spring.boot.autoconfigure.internal;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.resilience.spring.boot.autoconfigure.properties.InstanceProperties;

/**
 * How the properties of one pattern become core configurations: the pattern key, the core's defaults, how to
 * start a builder from a parent configuration ({@code XConfig.from}), how to build, and how to apply one
 * level's non-null settings to a builder. Everything else (inheritance, errors, customizers) is generic and
 * lives in {@link ConfigResolver}. Internal: not part of the public API.
 *
 * @param key the pattern key as in YAML, for example {@code circuit-breaker}
 * @param emptySettings creates settings with nothing set, for levels the properties do not mention
 * @param defaults the core's built-in configuration ({@code XConfig.ofDefaults()})
 * @param from a builder pre-filled from a parent configuration ({@code XConfig.from(parent)})
 * @param build builds the configuration ({@code Builder.build()})
 * @param mapper applies one level's non-null settings to the builder
 * @param <C> the configuration type
 * @param <B> the builder type
 * @param <P> the settings type
 */
public record PatternMapping<C, B, P extends InstanceProperties>(String key, Supplier<P> emptySettings,
        Supplier<C> defaults, Function<C, B> from, Function<B, C> build, SettingsMapper<P, B, C> mapper) {

    public PatternMapping {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(emptySettings, "emptySettings");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(mapper, "mapper");
    }

    /** The property prefix of the pattern, for example {@code resilience.circuit-breaker}. */
    public String prefix() {
        return "resilience." + key;
    }

    /** Applies the non-null settings of one level to a builder. */
    @FunctionalInterface
    public interface SettingsMapper<P extends InstanceProperties, B, C> {

        /**
         * @param settings the level's own settings; {@code null} values are inherited and must not be applied
         * @param builder the builder, pre-filled from the parent level's configuration
         * @param level where the level sits: its path, its parent, inherited values, exception classes
         */
        void apply(P settings, B builder, Level<P, C> level);
    }
}
