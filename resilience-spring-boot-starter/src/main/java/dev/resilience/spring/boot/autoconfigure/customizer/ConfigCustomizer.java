package dev.resilience.spring.boot.autoconfigure.customizer;

import java.util.Set;

/**
 * Adjusts in code the configurations built from {@code resilience.<pattern>.*} properties. A bean of one of
 * the per-pattern sub-interfaces of this package (such as {@link CircuitBreakerConfigCustomizer}, one per
 * built-in pattern with YAML configuration) is called once for every config name
 * (the {@code default} config included, even when the properties do not mention it) and every instance name
 * of its pattern, after the properties of that level were applied to the builder and before it is built.
 * A customizer may set anything the builder offers, such as predicates, a clock or a scheduler; the built
 * configuration is validated as usual, and an invalid value stops the start naming the level and the
 * customizer. When Micrometer's context-propagation library is present, context propagation is applied after
 * the customizers and wraps the scheduler or task decorator they set.
 *
 * <p>A level's builder starts from its parent's finished configuration, customizations included: a change
 * made for {@code default} is inherited by every config and instance that does not override it.
 *
 * <p>Several customizers run in their {@link org.springframework.core.annotation.Order @Order}. They run
 * again when the configuration is refreshed at runtime, so they should be free of side effects.
 *
 * @param <B> the configuration builder of the pattern
 * @since 0.1.0
 */
@FunctionalInterface
public interface ConfigCustomizer<B> {

    /**
     * Adjusts the configuration called {@code name}.
     *
     * @param name the config or instance name, for example {@code default} or {@code backend}
     * @param builder the builder, already holding the properties of that level and what it inherits
     */
    void customize(String name, B builder);

    /**
     * Instance names this customizer is meant for. A name listed here that the properties do not mention
     * still gets a configuration of its own (the {@code default} config with this customizer applied), as if
     * {@code resilience.<pattern>.instances.<name>} existed. Empty by default: the customizer is only called
     * for the names the properties mention.
     */
    default Set<String> names() {
        return Set.of();
    }
}
