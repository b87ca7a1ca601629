package dev.resilience.spring.aop;

import dev.resilience.core.AsyncPolicy;
import dev.resilience.core.Policy;

import java.util.List;

/**
 * Where the annotation support finds the pattern instance behind an annotation's {@code name}. The
 * auto-configuration implements it over the registries, so the same name on two methods is the same instance.
 * Looked up once per annotated method, when the bean is created; never per call.
 */
public interface PatternInstances {

    Policy circuitBreaker(String name);

    Policy retry(String name);

    Policy bulkhead(String name);

    /** A thread-pool bulkhead: asynchronous only, so not a {@link Policy}. */
    AsyncPolicy threadPoolBulkhead(String name);

    Policy rateLimiter(String name);

    /** The limiter of {@code name} for one key value: each key value has its own limit. */
    KeyedPolicy keyedRateLimiter(String name);

    Policy timeout(String name);

    /**
     * The order of composition, outermost first, by pattern key ({@code fallback}, {@code retry},
     * {@code circuit-breaker}, {@code rate-limiter}, {@code timeout}, {@code bulkhead}); already validated.
     */
    List<String> order();

    /** Observes fallbacks taken, for metrics and events; a no-op by default. */
    default FallbackObserver fallbackObserver() {
        return FallbackObserver.NONE;
    }

    /**
     * Listeners added to the {@code @Fallback} layer of every annotated method (the application's
     * {@code FallbackListener} beans, and one per {@code EventConsumer} bean); none by default.
     */
    default List<dev.resilience.fallback.FallbackListener> fallbackListeners() {
        return List.of();
    }

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
     * @param pattern the pattern key ({@code fallback}, {@code retry}, {@code circuit-breaker},
     *        {@code rate-limiter}, {@code timeout}, {@code bulkhead}, {@code thread-pool-bulkhead}), or another
     *        key for a layer a {@link PipelineDecorator} added
     * @param name the instance name (for {@code fallback}: {@code SimpleClassName#method})
     * @param policy the layer itself (an asynchronous-only one, a thread-pool bulkhead, only on methods that
     *        return a stage)
     */
    record Layer(String pattern, String name, AsyncPolicy policy) {
    }

    /** A family of policies, one per key value. */
    @FunctionalInterface
    interface KeyedPolicy {
        Policy forKey(Object key);
    }
}
