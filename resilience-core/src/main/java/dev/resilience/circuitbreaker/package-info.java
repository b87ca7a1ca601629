/**
 * The circuit breaker: {@link dev.resilience.circuitbreaker.CircuitBreaker} (created with
 * {@code CircuitBreaker.of(name, config)}), its immutable {@link dev.resilience.circuitbreaker.CircuitBreakerConfig},
 * the {@link dev.resilience.circuitbreaker.CircuitBreakerRegistry} of named instances, the
 * {@link dev.resilience.circuitbreaker.CircuitBreakerListener} for metrics and events, and the
 * {@link dev.resilience.circuitbreaker.CallNotPermittedException} that a rejected call gets.
 *
 * <p>Public API only; the implementation lives in {@code dev.resilience.circuitbreaker.internal}, and the
 * extension point for keeping a breaker's state elsewhere (so that several application instances share one
 * breaker) in {@code dev.resilience.circuitbreaker.spi}.
 *
 * <p>Arguments and return values are non-null unless a method says otherwise.
 *
 * @since 0.1.0
 */
package dev.resilience.circuitbreaker;
