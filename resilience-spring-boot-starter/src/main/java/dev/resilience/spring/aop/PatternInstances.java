package dev.resilience.spring.aop;

import dev.resilience.core.AsyncPolicy;
import dev.resilience.core.Policy;
import dev.resilience.spring.boot.pattern.PatternDescriptor;

import java.util.List;

/**
 * What the annotation support plans annotated methods with: the pattern descriptors (each knows its
 * annotation and builds its layer from its registry, so the same name on two methods is the same instance),
 * the order of composition, and the decorators of the composed layers. The auto-configuration implements it
 * over the {@link PatternDescriptor} beans. Read once, when the first bean is processed; never per call.
 */
public interface PatternInstances {

    /**
     * Every pattern descriptor. Called when the first bean is processed: the descriptors' annotations decide
     * which beans are planned. Must not create registries.
     */
    List<PatternDescriptor<?, ?>> descriptors();

    /**
     * The order of composition, outermost first, by order key ({@link PatternDescriptor#orderKey()});
     * already validated. Called when the first annotated bean is planned; every descriptor with an annotation
     * has a place in it.
     */
    List<String> order();

    /**
     * The layers to compose for one annotated method, outermost first, given its pattern layers in the
     * configured order. The default returns {@code layers} unchanged, so nothing is added to any call; the
     * auto-configuration applies its {@link PipelineDecorator}s here (the Observation API support adds its
     * layers this way, and only when it is switched on). Called once per annotated method, when its bean is
     * planned.
     *
     * @param method {@code SimpleClassName#method} of the annotated method
     * @param layers the pattern layers, outermost first; unmodifiable
     * @return the policies to compose, outermost first
     */
    default List<Layer> decorate(String method, List<Layer> layers) {
        return layers;
    }

    /**
     * One layer of an annotated method's pipeline.
     *
     * @param pattern the pattern key of the descriptor that built it ({@link PatternDescriptor#layerKey()}:
     *        {@code fallback}, {@code retry}, {@code circuit-breaker}, {@code rate-limiter}, {@code timeout},
     *        {@code bulkhead}, {@code thread-pool-bulkhead}...), or another key for a layer a
     *        {@link PipelineDecorator} added
     * @param name the instance name (for {@code fallback}: {@code SimpleClassName#method})
     * @param policy the layer itself
     */
    record Layer(String pattern, String name, AsyncPolicy policy) {
    }

    /** A family of policies, one per key value. */
    @FunctionalInterface
    interface KeyedPolicy {
        Policy forKey(Object key);
    }
}
