/**
 * Retry: calls again when a call fails, with fixed, exponential or randomized waits, filtered by exception
 * type, exception predicate and result predicate, optionally limited by a shared {@link
 * dev.resilience.retry.RetryBudget}.
 *
 * <p>Public API: {@link dev.resilience.retry.Retry} (with its {@code Metrics} and low-level {@code Context}),
 * {@link dev.resilience.retry.RetryConfig} and its builder and presets, {@link dev.resilience.retry.RetryRegistry},
 * {@link dev.resilience.retry.RetryListener}, {@link dev.resilience.retry.RetryBudget},
 * {@link dev.resilience.retry.Sleeper} and {@link dev.resilience.retry.IntervalFunction}. Every other class of
 * the package is package-private.
 *
 * <p>Arguments and return values are non-null unless a method says otherwise. Every public type says whether it
 * is thread-safe; instances, configurations and budgets are.
 *
 * @since 0.1.0
 */
package dev.resilience.retry;
