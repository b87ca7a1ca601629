package dev.resilience.spring.boot.autoconfigure.customizer;

import java.util.function.Consumer;

import dev.resilience.bulkhead.BulkheadConfig;

/**
 * Adjusts in code the semaphore bulkhead configurations built from {@code resilience.bulkhead.*}: a bean of this type is
 * called for every config and instance name after the properties were applied (see {@link ConfigCustomizer}).
 *
 * <pre>{@code
 * @Bean
 * BulkheadConfigCustomizer backendBulkhead() {
 *     return BulkheadConfigCustomizer.of("backend", builder -> builder.clock(clock));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface BulkheadConfigCustomizer extends ConfigCustomizer<BulkheadConfig.Builder> {

    /**
     * A customizer for the one name {@code name}, which gets a configuration of its own even when the
     * properties do not mention it.
     */
    static BulkheadConfigCustomizer of(String name, Consumer<BulkheadConfig.Builder> customizer) {
        final class Named extends NamedConfigCustomizer<BulkheadConfig.Builder> implements BulkheadConfigCustomizer {
            Named() {
                super("BulkheadConfigCustomizer", name, customizer);
            }
        }
        return new Named();
    }
}
