package dev.resilience.spring.boot.actuate;

import org.jspecify.annotations.Nullable;

/**
 * Where the {@code resilience} endpoint finds a circuit breaker's cumulative call counts and latencies, which
 * the breaker's sliding window does not keep (a count-based window holds the last N calls, not how many there
 * were). With Micrometer, the auto-configuration reads them from the {@code resilience.circuitbreaker.calls}
 * timers, so the endpoint keeps no state of its own; the dashboard turns their differences between two polls
 * into calls per second.
 *
 * <p>Implementations are called once per breaker per endpoint read, never on a call path, and must be
 * thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CircuitBreakerCallStatistics {

    /** The statistics of the breaker {@code name}, or {@code null} when there are none (yet). */
    ResilienceEndpoint.@Nullable CallsDescriptor calls(String name);
}
