package dev.resilience.store;

/**
 * What circuit breakers and rate limiters on a shared store do while the store is unreachable.
 *
 * @since 0.1.0
 */
public enum OutagePolicy {

    /**
     * Go on with local state (the default). A circuit breaker keeps deciding on this instance's own calls; a
     * rate limiter grants this instance's share of the limit, {@code max(1, limit-for-period / fleet size)},
     * the fleet size being the number of instances that were heartbeating when the store was last reachable.
     * Half-open trial permits are shared out the same way. No exception comes from the store.
     */
    LOCAL,

    /**
     * Reject: a circuit breaker shows FORCED_OPEN and rejects every call with a
     * {@link dev.resilience.circuitbreaker.CallNotPermittedException}, a rate limiter rejects every acquisition
     * with a {@link dev.resilience.ratelimiter.RateLimitExceededException} whose {@code retryAfter} is the time
     * until the next reconnection attempt. For limits that must never be exceeded, and dependencies that must
     * not be called unless the fleet agrees.
     */
    FAIL_CLOSED
}
