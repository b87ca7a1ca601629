package dev.resilience.spring.boot.autoconfigure;

import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.AsyncPolicy;
import dev.resilience.core.Policy;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.fallback.FallbackListener;
import dev.resilience.core.event.ListenerList;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.spring.aop.FallbackObserver;
import dev.resilience.spring.aop.PatternInstances;
import dev.resilience.spring.aop.PipelineDecorator;
import dev.resilience.timeout.TimeoutRegistry;
import org.springframework.beans.factory.BeanFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The annotations' view of the registries: an annotation's {@code name} is the registry instance of that
 * name, so the same name on two methods shares one instance, and an instance configured under
 * {@code resilience.<pattern>.instances.<name>} gets that configuration. Registries are fetched from the bean
 * factory, so registries the application defines itself are used too.
 */
final class RegistryPatternInstances implements PatternInstances {

    private final BeanFactory beanFactory;
    private final List<String> order;
    private final FallbackObserver fallbackObserver;
    private final List<PipelineDecorator> decorators;
    private final List<FallbackListener> fallbackListeners;

    RegistryPatternInstances(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        this.order = beanFactory.getBeanProvider(AspectOrder.class).getIfAvailable(AspectOrder::defaultOrder).keys();
        List<FallbackObserver> observers = beanFactory.getBeanProvider(FallbackObserver.class).orderedStream().toList();
        this.fallbackObserver = observers.isEmpty() ? FallbackObserver.NONE
                : observers.size() == 1 ? observers.get(0) : new CompositeFallbackObserver(observers);
        this.decorators = beanFactory.getBeanProvider(PipelineDecorator.class).orderedStream().toList();
        // Listener beans: the @Fallback layers hear them like the registries' instances do (see ListenerBeans).
        List<FallbackListener> listeners = new ArrayList<>(
                beanFactory.getBeanProvider(FallbackListener.class).orderedStream().toList());
        beanFactory.getBeanProvider(EventConsumer.class).orderedStream()
                .forEach(consumer -> listeners.add(FallbackListener.events(consumer)));
        this.fallbackListeners = List.copyOf(listeners);
    }

    @Override
    public Policy circuitBreaker(String name) {
        return beanFactory.getBean(CircuitBreakerRegistry.class).get(name);
    }

    @Override
    public Policy retry(String name) {
        return beanFactory.getBean(RetryRegistry.class).get(name);
    }

    @Override
    public Policy bulkhead(String name) {
        return beanFactory.getBean(BulkheadRegistry.class).get(name);
    }

    @Override
    public AsyncPolicy threadPoolBulkhead(String name) {
        return beanFactory.getBean(ThreadPoolBulkheadRegistry.class).get(name);
    }

    @Override
    public Policy rateLimiter(String name) {
        return beanFactory.getBean(RateLimiterRegistry.class).get(name);
    }

    @Override
    public KeyedPolicy keyedRateLimiter(String name) {
        KeyedRateLimiterRegistry registry = beanFactory.getBeanProvider(KeyedRateLimiterRegistry.class)
                .getIfAvailable(() -> beanFactory.getBean(RateLimiterRegistry.class).keyedLimiters());
        KeyedRateLimiter limiter = registry.get(name);
        return limiter::limiterFor;
    }

    @Override
    public Policy timeout(String name) {
        return beanFactory.getBean(TimeoutRegistry.class).get(name);
    }

    @Override
    public List<String> order() {
        return order;
    }

    @Override
    public FallbackObserver fallbackObserver() {
        return fallbackObserver;
    }

    @Override
    public List<FallbackListener> fallbackListeners() {
        return fallbackListeners;
    }

    @Override
    public List<Layer> decorate(String method, List<Layer> layers) {
        List<Layer> decorated = layers;
        for (PipelineDecorator decorator : decorators) {
            decorated = List.copyOf(decorator.decorate(method, decorated));
        }
        return decorated;
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
            // Each guarded, so that one observer that throws does not silence the others.
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
