package dev.resilience.spring.boot.extension;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A pattern added from outside the starter (the worked example of docs/adding-a-pattern.md): rejects every
 * {@code n}th call of the gate named {@code name}, {@code resilience.every-nth.instances.<name>.n}.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface EveryNth {

    /** The gate's name: {@code resilience.every-nth.instances.<name>}. */
    String name();
}
