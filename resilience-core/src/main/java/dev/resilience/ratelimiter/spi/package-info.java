/**
 * Extension points of the rate limiter: {@link dev.resilience.ratelimiter.spi.RateLimiterStore}, where a
 * limiter keeps its state (in memory by default, {@link dev.resilience.ratelimiter.spi.InMemoryRateLimiterStore},
 * whose behaviour defines the semantics every store keeps; Redis in {@code resilience-redis}), and
 * {@link dev.resilience.ratelimiter.spi.Acquisition}, the allocation-free encoding of a store's answer.
 *
 * <p>Every type here is non-null by default: parameters and return values are never {@code null} unless a
 * method says so.
 *
 * @since 0.1.0
 */
package dev.resilience.ratelimiter.spi;
