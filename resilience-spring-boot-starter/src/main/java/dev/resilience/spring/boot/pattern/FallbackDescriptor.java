package dev.resilience.spring.boot.pattern;

import dev.resilience.core.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.resilience.annotation.Fallback;
import dev.resilience.core.PatternInstance;
import dev.resilience.core.Policy;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.registry.Registry;
import dev.resilience.fallback.FallbackListener;
import dev.resilience.spring.aop.AnnotationLayers;
import dev.resilience.spring.aop.FallbackObserver;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;

/**
 * The fallbacks: {@code @Fallback(method = ...)}, outermost by default, so it sees only the final outcome. A
 * fallback belongs to its method: it has no registry, no YAML group and no instances (its type parameter is
 * only a placeholder); its layer is named {@code SimpleClassName#method}. The layer hears the application's
 * {@code FallbackListener} beans and the {@code EventConsumer} beans, and tells the {@code FallbackObserver}
 * beans (metrics, the events endpoint) when a fallback ran.
 *
 * @since 0.2.0
 */
public final class FallbackDescriptor
        implements PatternDescriptor<PatternInstance<Void, FallbackListener>, FallbackListener> {

    /** The pattern key, {@value}. */
    public static final String KEY = "fallback";

    /** The default place in the order of composition: {@value}, outermost. */
    public static final int POSITION = Pipeline.defaultPosition(KEY);

    private final BeanFactory beanFactory;

    /** @param beanFactory where the listener, event consumer and observer beans are found when a method is planned */
    public FallbackDescriptor(BeanFactory beanFactory) {
        this.beanFactory = Objects.requireNonNull(beanFactory, "beanFactory");
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public int defaultPosition() {
        return POSITION;
    }

    @Override
    public Class<Fallback> annotation() {
        return Fallback.class;
    }

    @Override
    public @Nullable Policy layer(AnnotatedMethod method) {
        Fallback fallback = method.annotation(Fallback.class);
        if (fallback == null) {
            return null;
        }
        List<FallbackListener> listeners = new ArrayList<>(
                beanFactory.getBeanProvider(FallbackListener.class).orderedStream().toList());
        beanFactory.getBeanProvider(EventConsumer.class).orderedStream()
                .forEach(consumer -> listeners.add(FallbackListener.events(consumer)));
        FallbackObserver observer = AnnotationLayers.compose(
                beanFactory.getBeanProvider(FallbackObserver.class).orderedStream().toList());
        return AnnotationLayers.fallback(fallback, method, beanFactory, observer, listeners);
    }

    /** None: a fallback belongs to its method. */
    @Override
    public @Nullable Registry<PatternInstance<Void, FallbackListener>, ?, FallbackListener> registry() {
        return null;
    }

    @Override
    public @Nullable Class<PatternInstance<Void, FallbackListener>> instanceType() {
        return null;
    }

    @Override
    public Class<FallbackListener> listenerType() {
        return FallbackListener.class;
    }

    @Override
    public FallbackListener eventListener(EventConsumer consumer) {
        return FallbackListener.events(consumer);
    }

    @Override
    public String toString() {
        return "FallbackDescriptor[" + KEY + "]";
    }
}
