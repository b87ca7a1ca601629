package dev.resilience.circuitbreaker;

import dev.resilience.core.registry.DefaultRegistry;
import dev.resilience.core.registry.Registry;

/**
 * Named circuit breakers, created on first use and shared afterwards: the same name is the same breaker,
 * with the same state. Shared configurations are named too; the one named {@code default} applies to every
 * breaker without a configuration of its own. {@link #addListener} attaches a {@link CircuitBreakerListener}
 * to every breaker, present and future; {@link #configureInstance} reconfigures an existing breaker in place.
 *
 * <pre>{@code
 * CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
 * registry.addConfig("slow-backends", CircuitBreakerConfig.builder().slowCallRateThreshold(50).build());
 * CircuitBreaker breaker = registry.get("inventory", "slow-backends");
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public interface CircuitBreakerRegistry extends Registry<CircuitBreaker, CircuitBreakerConfig, CircuitBreakerListener> {

    /** A registry whose {@code default} configuration is {@code defaultConfig}. */
    static CircuitBreakerRegistry of(CircuitBreakerConfig defaultConfig) {
        final class DefaultCircuitBreakerRegistry extends DefaultRegistry<CircuitBreaker, CircuitBreakerConfig, CircuitBreakerListener>
                implements CircuitBreakerRegistry {
            DefaultCircuitBreakerRegistry() {
                super("circuit-breaker", defaultConfig, CircuitBreaker::of, CircuitBreaker::reconfigure);
            }
        }
        return new DefaultCircuitBreakerRegistry();
    }

    /** A registry whose {@code default} configuration is {@link CircuitBreakerConfig#ofDefaults()}. */
    static CircuitBreakerRegistry ofDefaults() {
        return of(CircuitBreakerConfig.ofDefaults());
    }
}
