package dev.resilience.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.core.Pipeline;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The four synchronous gate patterns composed around one successful call, outermost first retry, circuit
 * breaker, rate limiter, bulkhead (the annotations' default order), configured alike in the three libraries:
 * 3 attempts with 500 ms waits, a count window of 100 calls, a limit never reached, 25 concurrent calls.
 *
 * <ul>
 *   <li>{@code ours}: a {@link Pipeline} decorated once ({@code decorateSupplier}), called per operation;
 *   <li>{@code resilience4j}: the same four decorators nested once, as {@code Decorators.ofSupplier(...)
 *       .withBulkhead().withRateLimiter().withCircuitBreaker().withRetry()} builds them;
 *   <li>{@code failsafe}: {@code Failsafe.with(retryPolicy, circuitBreaker, rateLimiter, bulkhead)};
 *   <li>{@code *2Threads}: two threads sharing the composition.
 * </ul>
 *
 * <pre>
 * java -jar resilience-benchmarks/target/benchmarks.jar PipelineBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PipelineBenchmark {

    private static final int NEVER_REACHED = Integer.MAX_VALUE;
    private static final int CONCURRENT_CALLS = 25;

    private final Supplier<String> call = () -> "result";
    private final dev.failsafe.function.CheckedSupplier<String> failsafeCall = () -> "result";

    private Supplier<String> ours;
    private Supplier<String> resilience4j;
    private FailsafeExecutor<String> failsafe;

    @Setup
    public void setUp() {
        ours = Pipeline.of(
                Retry.of("retry", RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ofMillis(500)).build()),
                CircuitBreaker.of("breaker", CircuitBreakerConfig.builder().slidingWindowSize(100)
                        .minimumNumberOfCalls(100).build()),
                RateLimiter.of("limiter", RateLimiterConfig.builder().limitForPeriod(NEVER_REACHED)
                        .limitRefreshPeriod(Duration.ofSeconds(1)).build()),
                Bulkhead.of("bulkhead", BulkheadConfig.builder().maxConcurrentCalls(CONCURRENT_CALLS).build()))
                .decorateSupplier(call);

        io.github.resilience4j.retry.Retry retry = io.github.resilience4j.retry.Retry.of("retry",
                io.github.resilience4j.retry.RetryConfig.custom().maxAttempts(3)
                        .waitDuration(Duration.ofMillis(500)).build());
        io.github.resilience4j.circuitbreaker.CircuitBreaker breaker =
                io.github.resilience4j.circuitbreaker.CircuitBreaker.of("breaker",
                        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom().slidingWindowSize(100)
                                .minimumNumberOfCalls(100).build());
        io.github.resilience4j.ratelimiter.RateLimiter limiter = io.github.resilience4j.ratelimiter.RateLimiter.of(
                "limiter", io.github.resilience4j.ratelimiter.RateLimiterConfig.custom().limitForPeriod(NEVER_REACHED)
                        .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build());
        io.github.resilience4j.bulkhead.Bulkhead bulkhead = io.github.resilience4j.bulkhead.Bulkhead.of("bulkhead",
                io.github.resilience4j.bulkhead.BulkheadConfig.custom().maxConcurrentCalls(CONCURRENT_CALLS)
                        .maxWaitDuration(Duration.ZERO).build());
        resilience4j = io.github.resilience4j.retry.Retry.decorateSupplier(retry,
                io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(breaker,
                        io.github.resilience4j.ratelimiter.RateLimiter.decorateSupplier(limiter,
                                io.github.resilience4j.bulkhead.Bulkhead.decorateSupplier(bulkhead, call))));

        failsafe = Failsafe.with(
                dev.failsafe.RetryPolicy.<String>builder().withMaxAttempts(3).withDelay(Duration.ofMillis(500)).build(),
                dev.failsafe.CircuitBreaker.<String>builder().withFailureThreshold(50, 100).build(),
                dev.failsafe.RateLimiter.<String>burstyBuilder(NEVER_REACHED, Duration.ofSeconds(1)).build(),
                dev.failsafe.Bulkhead.<String>builder(CONCURRENT_CALLS).withMaxWaitTime(Duration.ZERO).build());
    }

    @Benchmark
    public String direct() {
        return call.get();
    }

    @Benchmark
    public String ours() {
        return ours.get();
    }

    @Benchmark
    public String resilience4j() {
        return resilience4j.get();
    }

    @Benchmark
    public String failsafe() {
        return failsafe.get(failsafeCall);
    }

    @Benchmark
    @Threads(2)
    public String ours2Threads() {
        return ours.get();
    }

    @Benchmark
    @Threads(2)
    public String resilience4j2Threads() {
        return resilience4j.get();
    }

    @Benchmark
    @Threads(2)
    public String failsafe2Threads() {
        return failsafe.get(failsafeCall);
    }
}
