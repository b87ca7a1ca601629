package dev.resilience.spring.boot.metrics;

import java.util.Objects;

import dev.resilience.spring.aop.FallbackObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the fallbacks of {@code @Fallback} methods: {@value #CALLS} (counter), tagged
 * <ul>
 *   <li>{@code method} = {@code SimpleClassName#method} of the PROTECTED method (the annotated one, not the
 *       fallback method), and {@code name} = the same value, as every resilience meter's {@code name} tag
 *       names what it measures;
 *   <li>{@code outcome} = {@code success} (a fallback method produced the result) or {@code failure} (every
 *       fallback method failed and the caller got the original failure).
 * </ul>
 * A call whose failure {@code @Fallback(applyOn, ignore)} does not select is not counted: no fallback ran.
 *
 * <p>The counters are registered once per annotated method, when its bean is planned at start-up (so they
 * exist, at 0, before the first fallback, which rate queries need), and the per-method observer holds them in
 * fields: a fallback costs one {@code Counter.increment()}, with no look-up. Methods do not go away, so these
 * meters are never removed.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class FallbackMetrics implements FallbackObserver {

    /** Counter of fallbacks by protected method and outcome. */
    public static final String CALLS = "resilience.fallback.calls";

    private final MeterRegistry registry;

    /** Registers the counters of each annotated method in {@code registry}. */
    public FallbackMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public FallbackObserver forMethod(String protectedMethod) {
        return new MethodCounters(counter(protectedMethod, "success"), counter(protectedMethod, "failure"));
    }

    /** Reached only by an observer that was not bound to a method; counts through a look-up. */
    @Override
    public void onFallbackSucceeded(String protectedMethod, String fallbackMethod, Throwable failure) {
        counter(protectedMethod, "success").increment();
    }

    @Override
    public void onFallbackFailed(String protectedMethod, Throwable failure) {
        counter(protectedMethod, "failure").increment();
    }

    private Counter counter(String protectedMethod, String outcome) {
        return Counter.builder(CALLS)
                .description("Calls of @Fallback methods that failed and went to their fallback, by outcome")
                .tag("method", protectedMethod).tag("name", protectedMethod).tag("outcome", outcome)
                .register(registry);
    }

    private record MethodCounters(Counter success, Counter failure) implements FallbackObserver {

        @Override
        public void onFallbackSucceeded(String protectedMethod, String fallbackMethod, Throwable failure) {
            success.increment();
        }

        @Override
        public void onFallbackFailed(String protectedMethod, Throwable failure) {
            this.failure.increment();
        }
    }
}
