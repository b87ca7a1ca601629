/**
 * Actuator support: the {@code resilience} endpoint ({@link dev.resilience.spring.boot.actuate.ResilienceEndpoint}
 * and its web extension: every instance, manual circuit breaker transitions), the {@code resilienceevents}
 * endpoint over a bounded {@link dev.resilience.spring.boot.actuate.ResilienceEventBuffer}, the circuit breakers'
 * last transitions, and the health contributors of the patterns
 * ({@link dev.resilience.spring.boot.actuate.PatternHealthContributor}, for a descriptor's
 * {@link dev.resilience.spring.boot.actuate.PatternHealth} facet: {@code resilience} for circuit breakers,
 * {@code resilienceRateLimiters} for rate limiters). Every pattern comes from its
 * {@link dev.resilience.spring.boot.pattern.PatternDescriptor} bean: none is listed here.
 *
 * <p>Nothing here creates an instance: everything reads the registries. Events are recorded through the
 * patterns' typed listeners, never for a successful call.
 *
 * <p>Arguments and return values are non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.resilience.spring.boot.actuate;

import org.jspecify.annotations.NullMarked;
