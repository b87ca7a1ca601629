package dev.resilience.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.registry.Registry;
import dev.resilience.core.registry.RegistryListener;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
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
 * are heard too, without a line of code. For every {@link PatternDescriptor} bean with a registry:
 * <ul>
 *   <li>a bean implementing the pattern's listener type ({@link PatternDescriptor#listenerType()}, for example
 *       {@code CircuitBreakerListener}) is added to that pattern's registry with {@code addListener}; a bean
 *       implementing several is added to each;
 *   <li>an {@link EventConsumer} bean receives the events of every pattern, through each pattern's
 *       {@link PatternDescriptor#eventListener(EventConsumer)};
 *   <li>a {@link RegistryListener} bean is added with {@code addRegistryListener} to the registries whose
 *       instances it accepts ({@link PatternDescriptor#instanceType()}): {@code RegistryListener<CircuitBreaker>}
 *       to the circuit breakers', {@code RegistryListener<KeyedRateLimiter>} to the keyed rate limiters',
 *       {@code RegistryListener<Object>} (or a raw one) to every registry. It is first told {@code onAdded}
 *       for the instances that exist already (the annotations create theirs while the context starts).
 * </ul>
 * A pattern whose instances hear another registry's listeners ({@link PatternDescriptor#listenedThrough()}:
 * the keyed rate limiters hear the rate limiter registry's) gets only the registry listeners. {@code FallbackListener} beans (and the event
 * consumers) reach the {@code @Fallback} layers of annotated methods when those are planned.
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
        List<PatternDescriptor<?, ?>> descriptors = RegistryPatternInstances.descriptors(beans);
        for (PatternDescriptor<?, ?> descriptor : descriptors) {
            attach(beans, descriptor, !PatternDescriptor.isListenedThroughAnother(descriptor, descriptors), consumers,
                    registryListeners);
        }
    }

    @Override
    public void destroy() {
        detachments.forEach(Runnable::run);
        detachments.clear();
    }

    private <I extends PatternInstance<?, L>, L> void attach(ListableBeanFactory beans,
            PatternDescriptor<I, L> descriptor, boolean patternListeners, List<EventConsumer> consumers,
            List<Typed> registryListeners) {
        Registry<? extends I, ?, L> registry = descriptor.registry();
        if (registry == null) {
            return;
        }
        if (patternListeners) {
            List<L> listeners = new ArrayList<>(beans.getBeanProvider(descriptor.listenerType()).orderedStream()
                    .toList());
            consumers.forEach(consumer -> listeners.add(descriptor.eventListener(consumer)));
            for (L listener : listeners) {
                registry.addListener(listener);
                detachments.add(() -> registry.removeListener(listener));
            }
        }
        Class<I> instanceType = descriptor.instanceType();
        if (instanceType != null) {
            attachRegistryListeners(registry, instanceType, registryListeners);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <E> void attachRegistryListeners(Registry<? extends E, ?, ?> registry, Class<E> instanceType,
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
