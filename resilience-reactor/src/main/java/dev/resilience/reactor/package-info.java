/**
 * Reactor operators for the resilience patterns: {@code mono.transformDeferred(ResilienceOperator.of(policy))}
 * and the same for {@code Flux}, where the policy is any pattern instance of {@code resilience-core} or a
 * {@code Pipeline} of several. See {@link dev.resilience.reactor.ResilienceOperator}.
 *
 * <p>This module depends on {@code resilience-core} and {@code reactor-core} only.
 */
package dev.resilience.reactor;
