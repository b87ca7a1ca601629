package dev.resilience.spring.boot.pattern;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.internal.PatternMapping;
import dev.resilience.spring.boot.autoconfigure.properties.InstanceProperties;
import dev.resilience.spring.boot.autoconfigure.properties.PatternProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;

/**
 * How the YAML group {@code resilience.<key>} of one pattern becomes its core configurations: the settings
 * class of one config or instance (a subclass of {@link InstanceProperties} with boxed, {@code null}-until-set
 * fields), the core's defaults, how a builder starts from a parent configuration ({@code XConfig.from}), how
 * it builds, and how one level's non-null settings are applied to the builder.
 *
 * <p>Everything else is the same for every pattern and done by the auto-configuration: {@code configs} and
 * {@code instances} with {@code base-config} inheritance from the {@code default} config, a value the core
 * builder rejects failing the start with its full property path, the strict unknown-key check, and runtime
 * refresh in place. Immutable and thread-safe.
 *
 * <pre>{@code
 * PatternConfiguration.of("every-nth", EveryNthSettings.class, EveryNthConfig::ofDefaults, EveryNthConfig::from,
 *         EveryNthConfig.Builder::build, (settings, builder) -> {
 *             if (settings.getN() != null) {
 *                 builder.n(settings.getN());
 *             }
 *         });
 * }</pre>
 *
 * @param <C> the configuration type
 * @param <B> the builder type
 * @param <P> the settings type
 * @since 0.2.0
 */
public final class PatternConfiguration<C, B, P extends InstanceProperties> {

    private final PatternMapping<C, B, P> mapping;
    private final Class<P> settingsType;
    private final @Nullable Function<ResilienceProperties, ? extends PatternProperties<P>> group;

    private PatternConfiguration(PatternMapping<C, B, P> mapping, Class<P> settingsType,
            @Nullable Function<ResilienceProperties, ? extends PatternProperties<P>> group) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.settingsType = Objects.requireNonNull(settingsType, "settingsType");
        this.group = group;
    }

    /**
     * The configuration of a pattern whose group {@code resilience.<key>} is bound on its own.
     *
     * @param key the pattern key, as in {@link PatternDescriptor#key()}
     * @param settingsType the settings of one config or instance; needs a public no-argument constructor
     * @param defaults the core's built-in configuration ({@code XConfig.ofDefaults()})
     * @param from a builder pre-filled from a parent configuration ({@code XConfig.from(parent)})
     * @param build builds the configuration; an {@code InvalidConfigurationException} it throws names the
     *        property, which the start-up failure prefixes with the level's path
     * @param mapper applies one level's settings to the builder; {@code null} values are inherited and must be
     *        skipped
     */
    public static <C, B, P extends InstanceProperties> PatternConfiguration<C, B, P> of(String key,
            Class<P> settingsType, Supplier<C> defaults, Function<C, B> from, Function<B, C> build,
            BiConsumer<? super P, ? super B> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        PatternMapping<C, B, P> mapping = new PatternMapping<>(key, () -> BeanUtils.instantiateClass(settingsType),
                defaults, from, build, (settings, builder, level) -> mapper.accept(settings, builder));
        return new PatternConfiguration<>(mapping, settingsType, null);
    }

    /**
     * A built-in pattern's configuration: its mapping, and its group of {@link ResilienceProperties} (which
     * the configuration processor describes). For the starter's own descriptors.
     */
    static <C, B, P extends InstanceProperties> PatternConfiguration<C, B, P> builtIn(
            PatternMapping<C, B, P> mapping, Class<P> settingsType,
            Function<ResilienceProperties, ? extends PatternProperties<P>> group) {
        return new PatternConfiguration<>(mapping, settingsType, Objects.requireNonNull(group, "group"));
    }

    /** The pattern key: the group {@code resilience.<key>}. */
    public String key() {
        return mapping.key();
    }

    /** The settings of one config or instance. */
    public Class<P> settingsType() {
        return settingsType;
    }

    /** How the settings map onto the core builder. Used by the auto-configuration. */
    public PatternMapping<C, B, P> mapping() {
        return mapping;
    }

    /**
     * Where the group is found in the bound {@link ResilienceProperties} (the built-in patterns), or
     * {@code null} when {@code resilience.<key>} is bound on its own. Used by the auto-configuration.
     */
    public @Nullable Function<ResilienceProperties, ? extends PatternProperties<P>> group() {
        return group;
    }

    @Override
    public String toString() {
        return "PatternConfiguration[" + mapping.prefix() + "]";
    }
}
