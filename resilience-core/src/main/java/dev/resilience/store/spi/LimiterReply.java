package dev.resilience.store.spi;

/**
 * The answer of {@link StoreBackend#acquirePermits}: the decision, encoded as by
 * {@link dev.resilience.ratelimiter.spi.Acquisition}, and the permits left in the current period afterwards
 * (negative when later periods are reserved), for metrics. Immutable.
 *
 * @param decision {@code >= 0}: granted, wait that many nanoseconds; {@code < 0}: rejected, retry after
 *        {@code -1 - decision} nanoseconds
 * @param availablePermissions permits left in the current period after the decision
 * @since 0.1.0
 */
public record LimiterReply(long decision, int availablePermissions) {
}
