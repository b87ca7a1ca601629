/**
 * The extension point behind a circuit breaker: a {@link dev.resilience.circuitbreaker.spi.CircuitBreakerStore}
 * keeps a breaker's {@link dev.resilience.circuitbreaker.spi.CircuitState}, its
 * {@link dev.resilience.circuitbreaker.spi.SlidingWindow}s and its half-open
 * {@link dev.resilience.circuitbreaker.spi.Permits}. The default,
 * {@link dev.resilience.circuitbreaker.spi.CircuitBreakerStore#inMemory()}, keeps them in memory (its lock-free
 * count window and per-second time window are package-private here, so the SPI needs no implementation package);
 * a store in Redis or a database lets many application instances share one breaker. Chosen per configuration
 * with {@code CircuitBreakerConfig.Builder#storeFactory}.
 *
 * <p>For implementers of stores, not for users of circuit breakers. Arguments and return values are non-null
 * unless a method says otherwise.
 *
 * @since 0.1.0
 */
package dev.resilience.circuitbreaker.spi;
