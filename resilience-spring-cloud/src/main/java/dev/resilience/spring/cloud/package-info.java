/**
 * The Spring Cloud CircuitBreaker implementation over dev.resilience: {@link
 * dev.resilience.spring.cloud.ResilienceCircuitBreakerFactory}, {@link
 * dev.resilience.spring.cloud.ReactiveResilienceCircuitBreakerFactory} and their auto-configuration, so Spring
 * Cloud OpenFeign, Gateway, HTTP service clients and any {@code CircuitBreakerFactory} user run through the
 * application's breakers, timeouts and bulkheads, configured under {@code resilience.*}.
 */
@NullMarked
package dev.resilience.spring.cloud;

import org.jspecify.annotations.NullMarked;
