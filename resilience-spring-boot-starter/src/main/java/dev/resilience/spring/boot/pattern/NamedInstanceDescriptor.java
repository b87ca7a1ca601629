package dev.resilience.spring.boot.pattern;

import dev.resilience.core.AsyncPolicy;
import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.Policy;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.registry.Registry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;

/**
 * The common shape of a pattern whose annotation names an instance of its registry, such as
 * {@code @Retry(name = "backend")}: the annotation's name is the registry instance of that name, so the same
 * name on two methods shares one instance, and {@code resilience.<key>.instances.<name>} configures it. A blank
 * name is reported as a problem of the method. The registry is the bean factory's single bean of the registry
 * type, looked up when first needed, so that declaring the descriptor does not create the registry.
 *
 * <p>A subclass gives its facts ({@link Spec}) to the constructor and overrides {@link #selects} when its annotation can
 * select another descriptor ({@code @Bulkhead(type = THREAD_POOL)}) and {@link #layer(Annotation, String,
 * AnnotatedMethod)} when its layer is not the instance itself. Immutable and thread-safe.
 *
 * @param <A> the annotation type
 * @param <I> the instance type
 * @param <L> the listener type
 * @since 0.2.0
 */
public abstract class NamedInstanceDescriptor<A extends Annotation, I extends PatternInstance<?, L>, L>
        implements PatternDescriptor<I, L> {

    private final Spec<A, I, L> spec;
    private final BeanFactory beanFactory;

    /**
     * @param spec the pattern's facts
     * @param beanFactory where the registry bean is looked up
     */
    protected NamedInstanceDescriptor(Spec<A, I, L> spec, BeanFactory beanFactory) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.beanFactory = Objects.requireNonNull(beanFactory, "beanFactory");
    }

    /**
     * The facts of a pattern whose annotation names a registry instance.
     *
     * @param key the pattern key, {@link PatternDescriptor#key()}
     * @param defaultPosition the default place in the order, {@link PatternDescriptor#defaultPosition()}
     * @param annotation the annotation that puts the pattern on a method
     * @param nameOf the instance name the annotation selects ({@code Retry::name})
     * @param instanceType the instance type, {@link PatternDescriptor#instanceType()}
     * @param listenerType the listener type, {@link PatternDescriptor#listenerType()}
     * @param registryType the registry bean's type
     * @param events the pattern's event listener factory ({@code RetryListener::events})
     * @param configuration how {@code resilience.<key>} binds, or {@code null}
     * @param endpointSegment the instances' path segment in the {@code resilience} endpoint, or {@code null}
     * @param unknownKeyAdvice advice for keys the pattern does not have, {@link PatternDescriptor#unknownKeyAdvice()}
     * @param <A> the annotation type
     * @param <I> the instance type
     * @param <L> the listener type
     */
    public record Spec<A extends Annotation, I extends PatternInstance<?, L>, L>(String key, int defaultPosition,
            Class<A> annotation, Function<A, String> nameOf, Class<I> instanceType, Class<L> listenerType,
            Class<? extends Registry<? extends I, ?, L>> registryType, Function<EventConsumer, L> events,
            @Nullable PatternConfiguration<?, ?, ?> configuration, @Nullable String endpointSegment,
            Map<String, String> unknownKeyAdvice) {

        public Spec {
            for (Object required : new Object[] {key, annotation, nameOf, instanceType, listenerType, registryType,
                    events}) {
                Objects.requireNonNull(required, "every fact of a Spec but its configuration and endpoint segment");
            }
            unknownKeyAdvice = Map.copyOf(unknownKeyAdvice);
        }
    }

    @Override
    public final String key() {
        return spec.key();
    }

    @Override
    public final int defaultPosition() {
        return spec.defaultPosition();
    }

    @Override
    public final Class<A> annotation() {
        return spec.annotation();
    }

    @Override
    public final Class<I> instanceType() {
        return spec.instanceType();
    }

    @Override
    public final Class<L> listenerType() {
        return spec.listenerType();
    }

    @Override
    public final L eventListener(EventConsumer consumer) {
        return spec.events().apply(consumer);
    }

    @Override
    public @Nullable PatternConfiguration<?, ?, ?> configuration() {
        return spec.configuration();
    }

    @Override
    public final Map<String, String> unknownKeyAdvice() {
        return spec.unknownKeyAdvice();
    }

    @Override
    public final @Nullable String endpointSegment() {
        return spec.endpointSegment();
    }

    @Override
    public @Nullable Registry<? extends I, ?, L> registry() {
        return beanFactory.getBeanProvider(spec.registryType()).getIfUnique();
    }

    /** The registry the annotations' instances come from; fails when the context has no single one. */
    protected Registry<? extends I, ?, L> requireRegistry() {
        return beanFactory.getBean(spec.registryType());
    }

    /** The bean factory the descriptor looks its registry up in. */
    protected final BeanFactory beanFactory() {
        return beanFactory;
    }

    @Override
    public final @Nullable AsyncPolicy layer(AnnotatedMethod method) {
        A found = method.annotation(spec.annotation());
        if (found == null || !selects(found)) {
            return null;
        }
        String name = spec.nameOf().apply(found);
        if (name.isBlank()) {
            // It would silently share one unconfigurable instance (named "") between every such method.
            method.problem("@" + spec.annotation().getSimpleName() + " has a blank name; expected the name of an instance,"
                    + " as in 'resilience." + configurationKey() + ".instances.<name>'");
            return null;
        }
        return layer(found, name, method);
    }

    /** The group the instance names live in, {@code resilience.<configurationKey>.instances}: {@link #key()}. */
    protected String configurationKey() {
        return spec.key();
    }

    /** Whether {@code annotation} selects this descriptor rather than another of the same annotation. */
    protected boolean selects(A annotation) {
        return true;
    }

    /**
     * The layer of a method whose annotation selects the instance {@code name} (not blank): by default the
     * registry's instance of that name, which must be a {@link Policy} (or, for a pattern that runs calls only
     * asynchronously, an {@link AsyncPolicy}).
     */
    protected @Nullable AsyncPolicy layer(A annotation, String name, AnnotatedMethod method) {
        Object instance = requireRegistry().get(name);
        if (instance instanceof AsyncPolicy policy) {
            return policy;
        }
        throw new IllegalStateException("The " + spec.key() + " instance '" + name + "' is not a Policy ("
                + instance.getClass().getName() + "); override layer(...) to build the method's layer");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + spec.key() + "]";
    }
}
