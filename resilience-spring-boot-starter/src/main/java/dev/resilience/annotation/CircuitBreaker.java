package dev.resilience.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Protects a Spring bean method with the circuit breaker {@link #name()}, configured under
 * {@code resilience.circuit-breaker.instances.<name>} (or the {@code default} config when there is none).
 * Methods using the same name share one breaker.
 *
 * <p>On a class, applies to every public method that does not carry its own {@code @CircuitBreaker}.
 * When the breaker rejects a call, the method throws
 * {@link dev.resilience.circuitbreaker.CallNotPermittedException}. Rejections of patterns nested inside the
 * breaker ({@code BulkheadFullException}, {@code RateLimitExceededException}) are not counted as failures of
 * the protected call.
 *
 * @see Fallback
 * @since 0.1.0
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface CircuitBreaker {

    /** The instance name: selects {@code resilience.circuit-breaker.instances.<name>}. */
    String name();
}
