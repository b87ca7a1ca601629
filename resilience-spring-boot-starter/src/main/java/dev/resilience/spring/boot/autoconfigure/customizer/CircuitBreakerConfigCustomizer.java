package dev.resilience.spring.boot.autoconfigure.customizer;

import java.util.function.Consumer;

import dev.resilience.circuitbreaker.CircuitBreakerConfig;

/**
 * Adjusts in code the circuit breaker configurations built from {@code resilience.circuit-breaker.*}: a bean of this
 * type is
 * called for every config and instance name after the properties were applied (see {@link ConfigCustomizer}).
 *
 * <pre>{@code
 * @Bean
 * CircuitBreakerConfigCustomizer backendCircuitBreaker() {
 *     return CircuitBreakerConfigCustomizer.of("backend", builder -> builder.clock(clock));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CircuitBreakerConfigCustomizer extends ConfigCustomizer<CircuitBreakerConfig.Builder> {

    /**
     * A customizer for the one name {@code name}, which gets a configuration of its own even when the
     * properties do not mention it.
     */
    static CircuitBreakerConfigCustomizer of(String name, Consumer<CircuitBreakerConfig.Builder> customizer) {
        final class Named extends NamedConfigCustomizer<CircuitBreakerConfig.Builder> implements CircuitBreakerConfigCustomizer {
            Named() {
                super("CircuitBreakerConfigCustomizer", name, customizer);
            }
        }
        return new Named();
    }
}
