/**
 * Logging of what the patterns do, one logger per pattern ({@code dev.resilience.circuitbreaker},
 * {@code dev.resilience.retry}, {@code dev.resilience.bulkhead}, {@code dev.resilience.ratelimiter},
 * {@code dev.resilience.timeout}, {@code dev.resilience.fallback}): state transitions at INFO, rejections
 * and other failure-path events at DEBUG, nothing per successful call. See
 * {@link dev.resilience.spring.boot.logging.ResilienceLogging}.
 *
 * <p>Arguments and return values are non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.resilience.spring.boot.logging;

import org.jspecify.annotations.NullMarked;
