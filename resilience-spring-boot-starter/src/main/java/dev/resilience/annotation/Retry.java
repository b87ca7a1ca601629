package dev.resilience.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Retries a Spring bean method with the retry {@link #name()}, configured under
 * {@code resilience.retry.instances.<name>} (or the {@code default} config). Once attempts are exhausted the
 * last failure is rethrown unchanged.
 *
 * <p>Retry sits outside the circuit breaker, rate limiter, timeout and bulkhead, so each attempt passes
 * through all of them. For {@code CompletionStage} and Reactor return types the next attempt is scheduled,
 * never slept.
 *
 * @since 0.1.0
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Retry {

    /** The instance name: selects {@code resilience.retry.instances.<name>}. */
    String name();
}
