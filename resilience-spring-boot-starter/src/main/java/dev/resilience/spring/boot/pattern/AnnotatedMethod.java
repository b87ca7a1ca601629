package dev.resilience.spring.boot.pattern;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

/**
 * One annotated bean method being planned, as a {@link PatternDescriptor} sees it when it builds the method's
 * layer. Exists only at start-up.
 *
 * @since 0.2.0
 */
public interface AnnotatedMethod {

    /** The method, as declared by the bean's class or one of its supertypes. */
    Method method();

    /** The bean's user class (not a proxy class). */
    Class<?> targetClass();

    /**
     * The annotation of {@code type} that applies to the method (its own, else its class's for a public
     * method), or {@code null}.
     */
    <A extends Annotation> @Nullable A annotation(Class<A> type);

    /** Whether the method returns a {@code CompletionStage} or a Reactor publisher. */
    boolean isAsync();

    /** {@code SimpleClassName#method}: the name of the method's own layers (a fallback). */
    String shortName();

    /**
     * Records a problem with this method's annotations; the start fails listing every problem of the bean,
     * each prefixed with the method.
     *
     * @param problem what is wrong and what was expected, for example
     *        {@code "@Retry has a blank name; expected the name of an instance"}
     */
    void problem(String problem);
}
