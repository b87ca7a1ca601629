package dev.resilience.composition;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.core.Pipeline;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static dev.resilience.testing.Allocations.bytesPerCall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Successful calls through the convenience API and through a composed pipeline allocate nothing: the
 * adaptation of a {@code Supplier} to the {@code execute} primitive is built once when decorating, and retry,
 * bulkhead and rate limiter call a plain supplier directly.
 */
class AllocationTest {

    long sink;

    private static Retry retry() {
        return Retry.of("retry", RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ofMillis(500)).build());
    }

    private static CircuitBreaker breaker() {
        return CircuitBreaker.of("breaker", CircuitBreakerConfig.builder().slidingWindowSize(100).build());
    }

    private static RateLimiter limiter() {
        return RateLimiter.of("limiter", RateLimiterConfig.builder().limitForPeriod(1_000_000_000)
                .limitRefreshPeriod(Duration.ofSeconds(1)).build());
    }

    private static Bulkhead bulkhead() {
        return Bulkhead.of("bulkhead", BulkheadConfig.builder().maxConcurrentCalls(25).build());
    }

    @Test
    void retryExecuteSupplier() {
        Retry retry = retry();
        Supplier<String> call = () -> "ok";
        assertThat(bytesPerCall(() -> sink += retry.executeSupplier(call).length())).isLessThan(0.1);
    }

    @Test
    void bulkheadExecuteSupplier() {
        Bulkhead bulkhead = bulkhead();
        Supplier<String> call = () -> "ok";
        assertThat(bytesPerCall(() -> sink += bulkhead.executeSupplier(call).length())).isLessThan(0.1);
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(25);
    }

    @Test
    void rateLimiterExecuteSupplier() {
        RateLimiter limiter = limiter();
        Supplier<String> call = () -> "ok";
        assertThat(bytesPerCall(() -> sink += limiter.executeSupplier(call).length())).isLessThan(0.1);
    }

    @Test
    void aPipelineOfRetryBreakerLimiterAndBulkheadThroughItsDecoratedSupplier() {
        Pipeline pipeline = Pipeline.of(retry(), breaker(), limiter(), bulkhead());
        Supplier<String> decorated = pipeline.decorateSupplier(() -> "ok");
        assertThat(bytesPerCall(() -> sink += decorated.get().length())).isLessThan(0.1);
    }

    @Test
    void decoratedCallablesAndRunnablesOfEveryPattern() {
        Pipeline pipeline = Pipeline.of(retry(), breaker(), limiter(), bulkhead());
        Callable<String> callable = pipeline.decorateCallable(() -> "ok");
        Runnable runnable = retry().decorateRunnable(() -> sink++);
        Supplier<String> bulkheadSupplier = bulkhead().decorateSupplier(() -> "ok");

        assertThat(bytesPerCall(() -> {
            try {
                sink += callable.call().length();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            runnable.run();
            sink += bulkheadSupplier.get().length();
        })).isLessThan(0.1);
    }

    @Test
    void aCallerModeTimeoutAllocatesOnlyTheCallsDeadline() {
        // The call's Deadline (current for nested calls) is the one object: 24 bytes with compressed oops.
        Timeout timeout = Timeout.of("timeout", TimeoutConfig.builder().timeoutDuration(Duration.ofSeconds(5)).build());
        Supplier<String> decorated = timeout.decorateSupplier(() -> "ok");
        assertThat(bytesPerCall(() -> sink += decorated.get().length())).isLessThanOrEqualTo(32);
    }
}
