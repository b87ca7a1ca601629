package dev.resilience.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Recovers from the final failure of a Spring bean method by calling fallback methods, tried in order.
 *
 * <p>A fallback method is a method of the same bean, or of another bean when written
 * {@code beanName::methodName}, with the protected method's parameter list, optionally followed by one
 * {@code Throwable} (or subtype) parameter, and a return type assignable to the protected method's (for
 * {@code CompletionStage}, {@code Mono} and {@code Flux} methods, the value type is enough). When several
 * methods have the name, the one whose exception parameter is the most specific match for the failure wins;
 * one whose exception parameter does not match the failure is skipped. When every fallback fails, the
 * original failure is thrown with the fallbacks' failures added as suppressed.
 *
 * <p>Fallback methods are resolved and checked when the application starts: a name that does not exist or does
 * not fit fails the start with a message naming the bean class, the method and the expected signature.
 *
 * @since 0.1.0
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Fallback {

    /** The fallback method names, tried in order; {@code beanName::methodName} for another bean's method. */
    String[] method();

    /** The failures that trigger the fallback; by default every {@link Exception} (not {@link Error}s). */
    Class<? extends Throwable>[] applyOn() default {Exception.class};

    /** Failures that never trigger the fallback, even when {@link #applyOn()} matches them. */
    Class<? extends Throwable>[] ignore() default {};
}
