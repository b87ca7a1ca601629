/**
 * The rate limiter: at most {@code limit-for-period} calls per {@code limit-refresh-period}, waiting up to
 * {@code timeout-duration} for a permit, and {@link dev.resilience.ratelimiter.RateLimitExceededException} with an
 * accurate {@code retryAfter()} otherwise.
 *
 * <ul>
 *   <li>{@link dev.resilience.ratelimiter.RateLimiter}: one limit, a {@link dev.resilience.core.Policy};
 *   <li>{@link dev.resilience.ratelimiter.KeyedRateLimiter}: one limit per key (user, tenant, client), with a
 *       bounded number of keys;
 *   <li>{@link dev.resilience.ratelimiter.RateLimiterConfig}: the configuration, keys under
 *       {@code resilience.rate-limiter};
 *   <li>{@link dev.resilience.ratelimiter.RateLimiterListener}: allocation-free notifications for metrics;
 *   <li>{@link dev.resilience.ratelimiter.RateLimiterRegistry}: named instances and shared configurations.
 * </ul>
 * Where the state lives is an extension point: {@link dev.resilience.ratelimiter.spi}.
 *
 * <p>Every type here is non-null by default: parameters and return values are never {@code null} unless a
 * method says so. Every type is thread-safe unless it says otherwise (builders are not).
 *
 * @since 0.1.0
 */
package dev.resilience.ratelimiter;
