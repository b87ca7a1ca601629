/**
 * The circuit breaker's implementation: the state machine ({@code DefaultCircuitBreaker}), the event adapter
 * and the registry. The in-memory store and its windows are the SPI's default and live beside it, in
 * {@link dev.resilience.circuitbreaker.spi}.
 *
 * <p>Internal: not part of the public API, may change in any release. Use the factories of
 * {@link dev.resilience.circuitbreaker.CircuitBreaker} and
 * {@link dev.resilience.circuitbreaker.CircuitBreakerRegistry}.
 */
package dev.resilience.circuitbreaker.internal;
