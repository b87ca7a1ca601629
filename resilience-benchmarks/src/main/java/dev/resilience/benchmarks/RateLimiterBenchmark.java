package dev.resilience.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
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
 * The rate limiter's success path, side by side with resilience4j 2.4.0 and Failsafe 3.3.2: a limit so high it is
 * never reached (the limiter never blocks or rejects), so what is measured is the cost of asking for a permit and
 * running the call. One thread, and two threads sharing one limiter (contention on its state).
 *
 * <p>Run: {@code java -jar resilience-benchmarks/target/benchmarks.jar RateLimiterBenchmark -prof gc}; compare
 * {@code gc.alloc.rate.norm} (bytes per call) and ns/op only within one run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RateLimiterBenchmark {

    private static final int NEVER_REACHED = Integer.MAX_VALUE;

    private final Supplier<String> call = () -> "result";
    private final dev.failsafe.function.CheckedSupplier<String> failsafeCall = () -> "result";

    private RateLimiter ours;
    private io.github.resilience4j.ratelimiter.RateLimiter resilience4j;
    private FailsafeExecutor<String> failsafe;

    @Setup
    public void setUp() {
        ours = RateLimiter.of("benchmark", RateLimiterConfig.builder()
                .limitForPeriod(NEVER_REACHED)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .build());
        resilience4j = io.github.resilience4j.ratelimiter.RateLimiter.of("benchmark",
                io.github.resilience4j.ratelimiter.RateLimiterConfig.custom()
                        .limitForPeriod(NEVER_REACHED)
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(Duration.ZERO)
                        .build());
        failsafe = Failsafe.with(dev.failsafe.RateLimiter.<String>burstyBuilder(NEVER_REACHED, Duration.ofSeconds(1))
                .build());
    }

    /** The floor: the call through its {@code Supplier}, unprotected. */
    @Benchmark
    public String direct() {
        return call.get();
    }

    @Benchmark
    public String ours() {
        return ours.executeSupplier(call);
    }

    @Benchmark
    public boolean oursTryAcquire() {
        return ours.tryAcquirePermission();
    }

    @Benchmark
    public String resilience4j() {
        return resilience4j.executeSupplier(call);
    }

    @Benchmark
    public String failsafe() {
        return failsafe.get(failsafeCall);
    }

    @Benchmark
    @Threads(2)
    public String ours2Threads() {
        return ours.executeSupplier(call);
    }

    @Benchmark
    @Threads(2)
    public String resilience4j2Threads() {
        return resilience4j.executeSupplier(call);
    }

    @Benchmark
    @Threads(2)
    public String failsafe2Threads() {
        return failsafe.get(failsafeCall);
    }
}
