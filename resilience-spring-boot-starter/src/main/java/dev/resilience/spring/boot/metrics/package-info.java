/**
 * Micrometer meters for the resilience patterns: one {@link dev.resilience.spring.boot.metrics.RegistryMeterBinder}
 * per pattern registry, which binds the meters of every instance (including instances created after start-up,
 * at first use), re-binds them when an instance is replaced and removes them when it is removed; what meters
 * one instance has is its pattern descriptor's {@link dev.resilience.spring.boot.metrics.InstanceMeterBinder}
 * ({@code CircuitBreakerMetrics.INSTANCE_METERS}, ...), and
 * {@link dev.resilience.spring.boot.metrics.PatternMeterBinders} binds those of every descriptor bean. And
 * {@link dev.resilience.spring.boot.metrics.FallbackMetrics} for {@code @Fallback} methods.
 *
 * <p>Names and tags are those of the contract: every meter carries {@code name} = the instance name. Meters are
 * created once per instance; per call, a typed listener with primitive arguments does one
 * {@code Counter.increment()} or {@code Timer.record(...)}. Nothing here builds an event object.
 *
 * <p>The binders work without Spring Boot too:
 * {@code new CircuitBreakerMetrics(circuitBreakerRegistry).bindTo(meterRegistry)}. With Spring Boot,
 * {@code ResilienceMetricsAutoConfiguration} declares one {@code PatternMeterBinders} bean and Boot binds it.
 *
 * <p>Arguments and return values are non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.resilience.spring.boot.metrics;

import org.jspecify.annotations.NullMarked;
