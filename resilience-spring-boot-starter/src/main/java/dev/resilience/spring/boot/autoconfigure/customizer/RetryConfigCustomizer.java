package dev.resilience.spring.boot.autoconfigure.customizer;

import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import dev.resilience.retry.RetryConfig;

/**
 * Adjusts in code the retry configurations built from {@code resilience.retry.*}: a bean of this type is
 * called for every config and instance name after the properties were applied (see {@link ConfigCustomizer}).
 *
 * <pre>{@code
 * @Bean
 * RetryConfigCustomizer backendRetry() {
 *     return RetryConfigCustomizer.of("backend", builder -> builder.clock(clock));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RetryConfigCustomizer extends ConfigCustomizer<RetryConfig.Builder> {

    /**
     * A customizer for the one name {@code name}, which gets a configuration of its own even when the
     * properties do not mention it.
     */
    static RetryConfigCustomizer of(String name, Consumer<RetryConfig.Builder> customizer) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(customizer, "customizer");
        return new RetryConfigCustomizer() {

            @Override
            public void customize(String configName, RetryConfig.Builder builder) {
                if (name.equals(configName)) {
                    customizer.accept(builder);
                }
            }

            @Override
            public Set<String> names() {
                return Set.of(name);
            }

            @Override
            public String toString() {
                return "RetryConfigCustomizer.of(" + name + ")";
            }
        };
    }
}
