/**
 * What a shared-store backend implements: {@link dev.resilience.store.spi.StoreBackend} and its value types.
 * {@link dev.resilience.store.SharedStore} turns a backend into circuit-breaker and rate-limiter stores.
 *
 * <p>For implementers of backends ({@code resilience-redis}, {@code resilience-jdbc}), not for users of
 * circuit breakers and rate limiters. Arguments and return values are non-null unless a method says otherwise.
 *
 * @since 0.1.0
 */
package dev.resilience.store.spi;
