package dev.resilience.spring.boot.actuate;

import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.retry.RetryListener;
import java.lang.management.ManagementFactory;
import java.time.Duration;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Policy;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise of {@link ResilienceEventBuffer} (and the reason it does not use {@code onEvent}): following an
 * instance costs a successful call no allocation. Measured with the JVM's per-thread allocation counter over
 * rounds of calls; the first rounds run while the JIT compiles, so the best round counts.
 */
class EventRecordingAllocationTests {

    private static final int CALLS = 200_000;

    private static final int ROUNDS = 15;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final CheckedSupplier<String> OK = () -> "ok";

    private volatile ResilienceEvent sink;

    @Test
    void successfulCallsOfFollowedInstancesAllocateNothing() {
        ResilienceEventBuffer buffer = new ResilienceEventBuffer(100);
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        RetryRegistry retries = RetryRegistry.ofDefaults();
        BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
        RateLimiterRegistry limiters = RateLimiterRegistry.of(RateLimiterConfig.builder()
                .limitForPeriod(Integer.MAX_VALUE / 2).limitRefreshPeriod(Duration.ofHours(1)).build());
        buffer.follow("circuit-breaker", breakers, CircuitBreakerListener::events);
        buffer.follow("retry", retries, RetryListener::events);
        buffer.follow("bulkhead", bulkheads, BulkheadListener::events);
        buffer.follow("rate-limiter", limiters, RateLimiterListener::events);
        buffer.follow("rate-limiter", limiters.keyedLimiters(), null);
        new CircuitBreakerTransitions(breakers);

        // One loop per pattern, each calling execute(...) with a call and chain made once: the convenience
        // decorators (executeSupplier wraps its supplier) allocate unless the JIT inlines them, which depends on
        // what else ran in this JVM; the primitive path shows what the listeners cost.
        CircuitBreaker breaker = breakers.get("hot");
        Retry retry = retries.get("hot");
        Bulkhead bulkhead = bulkheads.get("hot");
        RateLimiter limiter = limiters.get("hot");
        assertThat(bestBytesPerCall(() -> {
            for (int i = 0; i < CALLS; i++) {
                call(breaker);
            }
        })).as("circuit breaker").isLessThan(1.0);
        assertThat(bestBytesPerCall(() -> {
            for (int i = 0; i < CALLS; i++) {
                call(retry);
            }
        })).as("retry").isLessThan(1.0);
        assertThat(bestBytesPerCall(() -> {
            for (int i = 0; i < CALLS; i++) {
                call(bulkhead);
            }
        })).as("bulkhead").isLessThan(1.0);
        assertThat(bestBytesPerCall(() -> {
            for (int i = 0; i < CALLS; i++) {
                call(limiter);
            }
        })).as("rate limiter").isLessThan(1.0);
        assertThat(buffer.events()).isEmpty();
    }

    /** What the buffer avoids: an {@code onEvent} consumer builds an event object for every call. */
    @Test
    void anEventConsumerWouldAllocateOnEveryCall() {
        CircuitBreaker breaker = CircuitBreakerRegistry.ofDefaults().get("consumed");
        breaker.onEvent(event -> sink = event);
        assertThat(bestBytesPerCall(() -> {
            for (int i = 0; i < CALLS; i++) {
                call(breaker);
            }
        })).isGreaterThan(50.0);
    }

    private static void call(Policy policy) {
        try {
            policy.execute(OK, Chain.terminal());
        } catch (Throwable unexpected) {
            throw new AssertionError(unexpected);
        }
    }

    /** The lowest allocation per call over up to {@value #ROUNDS} rounds of {@code calls} ({@value #CALLS} calls). */
    private static double bestBytesPerCall(Runnable calls) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS && best >= 1.0; round++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            calls.run();
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            best = Math.min(best, (double) allocated / CALLS);
        }
        return best;
    }
}
