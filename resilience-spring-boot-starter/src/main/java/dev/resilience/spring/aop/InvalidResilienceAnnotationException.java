package dev.resilience.spring.aop;

import org.springframework.beans.factory.BeanInitializationException;

import java.util.List;

/**
 * Resilience annotations on a bean that cannot work as written: a fallback that does not exist or does not fit,
 * a thread-pool bulkhead on a synchronous method, an invalid rate-limit key, an annotation the proxy can never
 * intercept. Thrown while the bean is created, so the application does not start.
 */
public class InvalidResilienceAnnotationException extends BeanInitializationException {

    private static final long serialVersionUID = 1L;

    private final transient Class<?> beanClass;
    private final List<String> problems;

    public InvalidResilienceAnnotationException(String beanName, Class<?> beanClass, List<String> problems) {
        this(beanName, beanClass, problems, null);
    }

    /**
     * @param cause the exception behind one of the problems (an instance whose configuration is invalid), so
     *        that failure analyzers and stack traces reach it; {@code null} when every problem is the
     *        annotations' own
     */
    public InvalidResilienceAnnotationException(String beanName, Class<?> beanClass, List<String> problems,
            Throwable cause) {
        super(message(beanName, beanClass, problems), cause);
        this.beanClass = beanClass;
        this.problems = List.copyOf(problems);
    }

    /** The class of the bean whose annotations are invalid. */
    public Class<?> getBeanClass() {
        return beanClass;
    }

    /** Each problem, as {@code class#method(parameters): what is wrong and what was expected}. */
    public List<String> getProblems() {
        return problems;
    }

    private static String message(String beanName, Class<?> beanClass, List<String> problems) {
        StringBuilder text = new StringBuilder("Invalid resilience annotations on bean '").append(beanName)
                .append("' (").append(beanClass.getName()).append("):");
        for (String problem : problems) {
            text.append("\n - ").append(problem);
        }
        return text.toString();
    }
}
