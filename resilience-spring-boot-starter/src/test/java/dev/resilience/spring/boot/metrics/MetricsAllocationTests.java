package dev.resilience.spring.boot.metrics;

import java.lang.management.ManagementFactory;

import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Policy;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding meters adds no allocation to a successful call: the listener callbacks record into meters created
 * once per instance. Measured with the JVM's per-thread allocation counter over many calls after a warm-up,
 * on the patterns whose success path allocates nothing without meters (breaker, bulkhead, rate limiter).
 */
class MetricsAllocationTests {

    private static final CheckedSupplier<String> CALL = () -> "ok";

    @Test
    void aSuccessfulCallWithMetersBoundAllocatesNothing() throws Throwable {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
        RateLimiterRegistry limiters = RateLimiterRegistry.of(
                RateLimiterConfig.builder().limitForPeriod(Integer.MAX_VALUE / 2).build());
        new CircuitBreakerMetrics(breakers).bindTo(meters);
        new BulkheadMetrics(bulkheads).bindTo(meters);
        new RateLimiterMetrics(limiters).bindTo(meters);

        assertThat(bytesPerCall(breakers.get("cb"))).as("circuit breaker").isLessThan(1.0);
        assertThat(bytesPerCall(bulkheads.get("bh"))).as("bulkhead").isLessThan(1.0);
        assertThat(bytesPerCall(limiters.get("rl"))).as("rate limiter").isLessThan(1.0);
        assertThat(meters.get(CircuitBreakerMetrics.CALLS).tags("name", "cb", "kind", "successful").timer().count())
                .isEqualTo(2 * CALLS);
    }

    private static final int CALLS = 300_000;

    private static double bytesPerCall(Policy policy) throws Throwable {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        run(policy);
        long before = threads.getThreadAllocatedBytes(thread);
        run(policy);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        return (double) allocated / CALLS;
    }

    private static void run(Policy policy) throws Throwable {
        for (int i = 0; i < CALLS; i++) {
            policy.execute(CALL, Chain.terminal());
        }
    }
}
