package dev.resilience.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadListener;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.registry.Registry;
import dev.resilience.core.registry.RegistryListener;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryListener;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutListener;
import dev.resilience.timeout.TimeoutRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Attaches the application's listener beans to the registries, registry-wide, so instances created later
 * are heard too, without a line of code:
 * <ul>
 *   <li>a bean implementing a pattern's listener ({@link CircuitBreakerListener}, {@link RetryListener},
 *       {@link BulkheadListener}, {@link ThreadPoolBulkheadListener}, {@link RateLimiterListener},
 *       {@link TimeoutListener}) is added to that pattern's registry with {@code addListener}; a bean
 *       implementing several is added to each;
 *   <li>an {@link EventConsumer} bean receives the events of every pattern, through each pattern's
 *       {@code XListener.events(consumer)};
 *   <li>a {@link RegistryListener} bean is added with {@code addRegistryListener} to the registries whose
 *       instances it accepts: {@code RegistryListener<CircuitBreaker>} to the circuit breakers',
 *       {@code RegistryListener<KeyedRateLimiter>} to the keyed rate limiters', {@code RegistryListener<Object>}
 *       (or a raw one) to every registry. It is first told {@code onAdded} for the instances that exist
 *       already (the annotations create theirs while the context starts).
 * </ul>
 * {@code FallbackListener} beans (and the event consumers) reach the {@code @Fallback} layers of annotated
 * methods when those are planned.
 *
 * <p>They are attached once every singleton exists, so a listener bean may depend on anything, registries
 * included; pattern listeners are detached when the context closes. Registries the application defines
 * itself get the listeners too.
 */
final class ListenerBeans implements SmartInitializingSingleton, BeanFactoryAware, DisposableBean {

    private final List<Runnable> detachments = new ArrayList<>();

    private @Nullable ListableBeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory instanceof ListableBeanFactory listable ? listable : null;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ListableBeanFactory beans = beanFactory;
        if (beans == null) {
            return;
        }
        List<EventConsumer> consumers = beans.getBeanProvider(EventConsumer.class).orderedStream().toList();
        List<Typed> registryListeners = registryListeners(beans);
        beans.getBeanProvider(CircuitBreakerRegistry.class).ifUnique(registry -> attach(beans, registry,
                CircuitBreaker.class, CircuitBreakerListener.class, CircuitBreakerListener::events, consumers,
                registryListeners));
        beans.getBeanProvider(RetryRegistry.class).ifUnique(registry -> attach(beans, registry, Retry.class,
                RetryListener.class, RetryListener::events, consumers, registryListeners));
        beans.getBeanProvider(BulkheadRegistry.class).ifUnique(registry -> attach(beans, registry, Bulkhead.class,
                BulkheadListener.class, BulkheadListener::events, consumers, registryListeners));
        beans.getBeanProvider(ThreadPoolBulkheadRegistry.class).ifUnique(registry -> attach(beans, registry,
                ThreadPoolBulkhead.class, ThreadPoolBulkheadListener.class, ThreadPoolBulkheadListener::events,
                consumers, registryListeners));
        beans.getBeanProvider(RateLimiterRegistry.class).ifUnique(registry -> {
            // A registry-wide listener of the rate limiter registry hears its keyed limiters too.
            attach(beans, registry, RateLimiter.class, RateLimiterListener.class, RateLimiterListener::events,
                    consumers, registryListeners);
            attachRegistryListeners(registry.keyedLimiters(), KeyedRateLimiter.class, registryListeners);
        });
        beans.getBeanProvider(TimeoutRegistry.class).ifUnique(registry -> attach(beans, registry, Timeout.class,
                TimeoutListener.class, TimeoutListener::events, consumers, registryListeners));
    }

    @Override
    public void destroy() {
        detachments.forEach(Runnable::run);
        detachments.clear();
    }

    private <E, L> void attach(ListableBeanFactory beans, Registry<E, ?, L> registry, Class<E> instanceType,
            Class<L> listenerType, Function<EventConsumer, L> events, List<EventConsumer> consumers,
            List<Typed> registryListeners) {
        List<L> listeners = new ArrayList<>(beans.getBeanProvider(listenerType).orderedStream().toList());
        consumers.forEach(consumer -> listeners.add(events.apply(consumer)));
        for (L listener : listeners) {
            registry.addListener(listener);
            detachments.add(() -> registry.removeListener(listener));
        }
        attachRegistryListeners(registry, instanceType, registryListeners);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <E> void attachRegistryListeners(Registry<E, ?, ?> registry, Class<E> instanceType,
            List<Typed> registryListeners) {
        for (Typed typed : registryListeners) {
            if (typed.accepts(instanceType)) {
                RegistryListener listener = typed.listener;
                for (E existing : registry.all()) {
                    listener.onAdded(existing);
                }
                registry.addRegistryListener(listener);
            }
        }
    }

    private static List<Typed> registryListeners(ListableBeanFactory beans) {
        List<Typed> result = new ArrayList<>();
        for (String name : beans.getBeanNamesForType(RegistryListener.class)) {
            RegistryListener<?> listener = beans.getBean(name, RegistryListener.class);
            result.add(new Typed(listener, instanceTypeOf(beans, name, listener)));
        }
        return result;
    }

    /** The instance type a registry listener bean declares, {@code null} when it accepts anything. */
    private static @Nullable Class<?> instanceTypeOf(ListableBeanFactory beans, String name, Object listener) {
        ResolvableType declared = ResolvableType.NONE;
        if (beans instanceof ConfigurableListableBeanFactory configurable && configurable.containsBeanDefinition(name)) {
            declared = configurable.getMergedBeanDefinition(name).getResolvableType();
        }
        ResolvableType type = declared.as(RegistryListener.class).getGeneric(0);
        if (type.resolve() == null) {
            type = ResolvableType.forClass(ClassUtils.getUserClass(listener)).as(RegistryListener.class).getGeneric(0);
        }
        Class<?> resolved = type.resolve();
        return resolved == null || resolved == Object.class ? null : resolved;
    }

    /** A registry listener bean and the instance type it declares ({@code null}: any). */
    private record Typed(RegistryListener<?> listener, @Nullable Class<?> instanceType) {

        boolean accepts(Class<?> instances) {
            return instanceType == null || instanceType.isAssignableFrom(instances);
        }
    }
}
