/**
 * Fallback: replaces a failed call's outcome with a value, a supplier's result, a function of the failure, or
 * the first success of a chain of handlers, filtered by failure type.
 *
 * <p>Public API: {@link dev.resilience.fallback.Fallback} and its builder,
 * {@link dev.resilience.fallback.FallbackHandler}, {@link dev.resilience.fallback.AsyncFallbackHandler} and
 * {@link dev.resilience.fallback.FallbackListener}. A fallback belongs to one protected method rather than to a
 * named configuration, so there is no registry. Every other class of the package is package-private.
 *
 * <p>Arguments and return values are non-null unless a method says otherwise. Fallbacks are thread-safe.
 *
 * @since 0.1.0
 */
package dev.resilience.fallback;
