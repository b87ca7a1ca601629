package dev.resilience.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits how many calls of a Spring bean method run at once, with the bulkhead {@link #name()}.
 *
 * <p>{@link Type#SEMAPHORE} (the default) is configured under {@code resilience.bulkhead.instances.<name>};
 * {@link Type#THREAD_POOL} runs the method on a dedicated pool configured under
 * {@code resilience.thread-pool-bulkhead.instances.<name>} and requires a {@code CompletionStage} return type
 * (the application fails to start otherwise). A full bulkhead throws
 * {@link dev.resilience.bulkhead.BulkheadFullException}.
 *
 * @since 0.1.0
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Bulkhead {

    /** The instance name. */
    String name();

    /** Which kind of bulkhead; {@link Type#SEMAPHORE} by default. */
    Type type() default Type.SEMAPHORE;

    /** The kinds of bulkhead. */
    enum Type {
        /** Limits concurrent calls on the caller's thread. */
        SEMAPHORE,
        /** Runs calls on a bounded thread pool with a bounded queue; needs a {@code CompletionStage} method. */
        THREAD_POOL
    }
}
