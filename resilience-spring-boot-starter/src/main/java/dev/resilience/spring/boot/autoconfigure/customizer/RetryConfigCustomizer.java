package dev.resilience.spring.boot.autoconfigure.customizer;

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
        final class Named extends NamedConfigCustomizer<RetryConfig.Builder> implements RetryConfigCustomizer {
            Named() {
                super("RetryConfigCustomizer", name, customizer);
            }
        }
        return new Named();
    }
}
