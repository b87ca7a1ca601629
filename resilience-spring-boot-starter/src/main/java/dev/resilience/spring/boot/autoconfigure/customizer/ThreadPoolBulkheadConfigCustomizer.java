package dev.resilience.spring.boot.autoconfigure.customizer;

import java.util.function.Consumer;

import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;

/**
 * Adjusts in code the thread-pool bulkhead configurations built from {@code resilience.thread-pool-bulkhead.*}: a
 * bean of this type is
 * called for every config and instance name after the properties were applied (see {@link ConfigCustomizer}).
 *
 * <pre>{@code
 * @Bean
 * ThreadPoolBulkheadConfigCustomizer backendThreadPoolBulkhead() {
 *     return ThreadPoolBulkheadConfigCustomizer.of("backend", builder -> builder.clock(clock));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ThreadPoolBulkheadConfigCustomizer extends ConfigCustomizer<ThreadPoolBulkheadConfig.Builder> {

    /**
     * A customizer for the one name {@code name}, which gets a configuration of its own even when the
     * properties do not mention it.
     */
    static ThreadPoolBulkheadConfigCustomizer of(String name, Consumer<ThreadPoolBulkheadConfig.Builder> customizer) {
        final class Named extends NamedConfigCustomizer<ThreadPoolBulkheadConfig.Builder> implements ThreadPoolBulkheadConfigCustomizer {
            Named() {
                super("ThreadPoolBulkheadConfigCustomizer", name, customizer);
            }
        }
        return new Named();
    }
}
