/**
 * Circuit breakers and rate limiters shared across application instances through Redis:
 * {@link dev.resilience.redis.RedisStoreBackend}, a {@link dev.resilience.store.spi.StoreBackend} for
 * {@link dev.resilience.store.SharedStore}.
 *
 * @since 0.1.0
 */
package dev.resilience.redis;
