package dev.resilience.spring.aop;

import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.Timeout;
import dev.resilience.core.Policy;
import dev.resilience.core.event.ListenerList;
import dev.resilience.fallback.FallbackListener;
import dev.resilience.spring.boot.pattern.AnnotatedMethod;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The layers of the built-in patterns that are made of the annotation support's own parts rather than of a
 * registry instance: a {@code @Fallback} (its methods resolved to handles) and a {@code @RateLimit} with a
 * SpEL {@code key}. For the starter's built-in descriptors; not an extension point. Used at start-up only.
 *
 * @since 0.2.0
 */
public final class AnnotationLayers {

    private AnnotationLayers() {
    }

    /**
     * The {@code @Fallback} layer of {@code method}, or {@code null} with the problems reported to it.
     *
     * @param beanFactory where the beans of {@code beanName::method} references are found
     * @param observer told when the method's fallback ran (metrics, events)
     * @param listeners added to the layer (the application's {@code FallbackListener} beans, and one per
     *        {@code EventConsumer} bean)
     */
    public static @Nullable Policy fallback(Fallback fallback, AnnotatedMethod method, BeanFactory beanFactory,
            FallbackObserver observer, List<FallbackListener> listeners) {
        List<String> problems = new ArrayList<>();
        FallbackPolicy policy = new FallbackResolver(beanFactory).policy(fallback, method.method(),
                method.targetClass(), method.isAsync(), method.annotation(Timeout.class) != null, observer,
                listeners, problems);
        problems.forEach(method::problem);
        return policy;
    }

    /**
     * The layer of a {@code @RateLimit(name, key)}: each call counts against {@code limiters}' limiter of its key value,
     * {@code key} being a SpEL expression over the method's parameters, parsed now. {@code null} with a
     * problem reported to {@code method} when the expression is not valid.
     */
    public static @Nullable Policy keyedRateLimit(String name, PatternInstances.KeyedPolicy limiters, String key,
            AnnotatedMethod method) {
        try {
            KeyExpression keyExpression = KeyExpression.parse(key, method.method());
            return new KeyedRateLimitPolicy(name, limiters, keyExpression);
        } catch (IllegalArgumentException e) {
            method.problem("@RateLimit(name = \"" + name + "\") " + e.getMessage());
            return null;
        }
    }

    /** One observer telling each of {@code observers}, in order; one that throws does not silence the others. */
    public static FallbackObserver compose(List<FallbackObserver> observers) {
        return observers.isEmpty() ? FallbackObserver.NONE
                : observers.size() == 1 ? observers.get(0) : new CompositeFallbackObserver(observers);
    }

    private static final class CompositeFallbackObserver implements FallbackObserver {
        private final List<FallbackObserver> observers;

        CompositeFallbackObserver(List<FallbackObserver> observers) {
            this.observers = List.copyOf(observers);
        }

        @Override
        public FallbackObserver forMethod(String protectedMethod) {
            return new CompositeFallbackObserver(observers.stream().map(o -> o.forMethod(protectedMethod)).toList());
        }

        @Override
        public void onFallbackSucceeded(String protectedMethod, String fallbackMethod, Throwable failure) {
            for (FallbackObserver observer : observers) {
                try {
                    observer.onFallbackSucceeded(protectedMethod, fallbackMethod, failure);
                } catch (Throwable observerFailure) {
                    ListenerList.failed(observer, observerFailure);
                }
            }
        }

        @Override
        public void onFallbackFailed(String protectedMethod, Throwable failure) {
            for (FallbackObserver observer : observers) {
                try {
                    observer.onFallbackFailed(protectedMethod, failure);
                } catch (Throwable observerFailure) {
                    ListenerList.failed(observer, observerFailure);
                }
            }
        }
    }
}
