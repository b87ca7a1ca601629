package dev.resilience.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Bounds how long a call of a Spring bean method may take, with the timeout {@link #name()}, configured under
 * {@code resilience.timeout.instances.<name>}. Past it the call ends with
 * {@link dev.resilience.timeout.TimeoutExceededException}.
 *
 * <p>Synchronous methods run on a worker thread that is interrupted at the deadline when
 * {@code cancel-running-future} is set; {@code CompletionStage} methods get a stage that completes
 * exceptionally at the deadline without any thread waiting.
 *
 * @since 0.1.0
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Timeout {

    /** The instance name: selects {@code resilience.timeout.instances.<name>}. */
    String name();
}
