/**
 * The circuit breaker's implementation: the state machine ({@code DefaultCircuitBreaker}), the lock-free count
 * window and the per-second time window, the in-memory store, the event adapter and the registry.
 *
 * <p>Internal: not part of the public API, may change in any release. Use the factories of
 * {@link dev.resilience.circuitbreaker.CircuitBreaker} and
 * {@link dev.resilience.circuitbreaker.CircuitBreakerRegistry}.
 */
package dev.resilience.circuitbreaker.internal;
