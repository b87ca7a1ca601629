/**
 * Bulkheads: limits on how much runs at once. {@link dev.resilience.bulkhead.Bulkhead} (a semaphore: at most
 * {@code max-concurrent-calls} callers inside, waiting up to {@code max-wait-duration}) and
 * {@link dev.resilience.bulkhead.ThreadPoolBulkhead} (calls run on a bounded pool with a bounded queue and
 * return a {@link java.util.concurrent.CompletionStage}). Both reject with a
 * {@link dev.resilience.bulkhead.BulkheadFullException}; both are managed by name in their registries.
 *
 * <p>Every type here is non-null by default: no method accepts or returns {@code null} unless it says so.
 */
package dev.resilience.bulkhead;
