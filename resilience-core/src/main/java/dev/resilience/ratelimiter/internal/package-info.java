/**
 * Implementation of the rate limiter: the plain and keyed limiters and their registries (the in-memory store is
 * the SPI's reference, in {@link dev.resilience.ratelimiter.spi}). Not part of the public API; may change without notice. Non-null by default.
 */
package dev.resilience.ratelimiter.internal;
