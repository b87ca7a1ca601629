package dev.resilience.spring.boot.autoconfigure.customizer;

import java.util.function.Consumer;

import dev.resilience.timeout.TimeoutConfig;

/**
 * Adjusts in code the timeout configurations built from {@code resilience.timeout.*}: a bean of this type is
 * called for every config and instance name after the properties were applied (see {@link ConfigCustomizer}).
 *
 * <pre>{@code
 * @Bean
 * TimeoutConfigCustomizer backendTimeout() {
 *     return TimeoutConfigCustomizer.of("backend", builder -> builder.clock(clock));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TimeoutConfigCustomizer extends ConfigCustomizer<TimeoutConfig.Builder> {

    /**
     * A customizer for the one name {@code name}, which gets a configuration of its own even when the
     * properties do not mention it.
     */
    static TimeoutConfigCustomizer of(String name, Consumer<TimeoutConfig.Builder> customizer) {
        final class Named extends NamedConfigCustomizer<TimeoutConfig.Builder> implements TimeoutConfigCustomizer {
            Named() {
                super("TimeoutConfigCustomizer", name, customizer);
            }
        }
        return new Named();
    }
}
