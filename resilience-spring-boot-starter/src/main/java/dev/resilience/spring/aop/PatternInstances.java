package dev.resilience.spring.aop;

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

    Policy threadPoolBulkhead(String name);

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

    /** A family of policies, one per key value. */
    @FunctionalInterface
    interface KeyedPolicy {
        Policy forKey(Object key);
    }
}
