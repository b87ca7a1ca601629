package dev.resilience.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.core.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
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
 * The circuit breaker's per-call cost, side by side with resilience4j 2.4.0 and Failsafe 3.3.2, each set up
 * the same way: a count window of 100 calls, opening at 50% failures, 60 s open.
 *
 * <ul>
 *   <li>{@code success_*}: a successful call in CLOSED state (the common case); {@code success_direct} is the
 *       bare supplier, for the floor.
 *   <li>{@code failure_*}: a failure that is recorded. Ours and resilience4j's breakers are in METRICS_ONLY
 *       state (they record every failure and never open); Failsafe has no such state, so its breaker is
 *       closed again whenever the failures open it (once every 50 calls).
 *   <li>{@code open_*}: a call rejected by an OPEN breaker (the path every call takes while a downstream is
 *       down). Ours throws its prebuilt {@code CallNotPermittedException}; resilience4j (with its stack traces
 *       off, as ours) and Failsafe build one per call.
 *   <li>{@code shared2_*}: two threads calling one shared breaker (contention on its window);
 *       {@code shared2_success_direct} is the bare call on two threads, which shows how much a busy machine adds
 *       when a benchmark needs both cores at once.
 *   <li>{@code success_oursPreciseTicker}: our breaker with {@code Ticker.system()} instead of the default
 *       coarse ticker (the two {@code System.nanoTime()} reads of slow-call detection that the default saves).
 *   <li>{@code success_oursWithoutClock}: diagnostic only, not a fair comparison: our breaker with a ticker that
 *       returns a constant, which shows what the breaker itself costs apart from reading the time.
 * </ul>
 *
 * <p>Run with the GC profiler for allocation per call: {@code java -jar resilience-benchmarks/target/benchmarks.jar
 * CircuitBreakerBenchmark -prof gc} ({@code gc.alloc.rate.norm} is bytes per operation).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class CircuitBreakerBenchmark {

    private static final IllegalStateException FAILURE = new IllegalStateException("recorded failure");

    private final Supplier<String> success = () -> "ok";
    private final Supplier<String> failing = () -> {
        throw FAILURE;
    };
    private final dev.failsafe.function.CheckedSupplier<String> failsafeSuccess = () -> "ok";
    private final dev.failsafe.function.CheckedSupplier<String> failsafeFailing = () -> {
        throw FAILURE;
    };

    private CircuitBreaker ours;
    private CircuitBreaker oursRecording;
    private CircuitBreaker oursWithoutClock;
    private CircuitBreaker oursPreciseTicker;
    private CircuitBreaker oursOpen;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4j;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4jRecording;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4jOpen;
    private dev.failsafe.CircuitBreaker<Object> failsafeRecordingBreaker;
    private FailsafeExecutor<Object> failsafe;
    private FailsafeExecutor<Object> failsafeRecording;
    private FailsafeExecutor<Object> failsafeOpen;

    @Setup
    public void setUp() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder()
                .slidingWindowSize(100).minimumNumberOfCalls(100).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(60))
                .build();
        ours = CircuitBreaker.of("ours", config);
        oursRecording = CircuitBreaker.of("ours-recording", config);
        oursRecording.transitionToMetricsOnlyState();
        oursWithoutClock = CircuitBreaker.of("ours-without-clock", CircuitBreakerConfig.from(config)
                .ticker(() -> 0L).build());
        oursPreciseTicker = CircuitBreaker.of("ours-precise", CircuitBreakerConfig.from(config)
                .ticker(Ticker.system()).build());
        oursOpen = CircuitBreaker.of("ours-open", config);
        oursOpen.transitionToOpenState();

        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig r4jConfig =
                io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                        .slidingWindowType(SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(100).minimumNumberOfCalls(100).failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(60))
                        .build();
        resilience4j = io.github.resilience4j.circuitbreaker.CircuitBreaker.of("r4j", r4jConfig);
        resilience4jRecording = io.github.resilience4j.circuitbreaker.CircuitBreaker.of("r4j-recording", r4jConfig);
        resilience4jRecording.transitionToMetricsOnlyState();
        resilience4jOpen = io.github.resilience4j.circuitbreaker.CircuitBreaker.of("r4j-open",
                io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.from(r4jConfig)
                        .writableStackTraceEnabled(false).build());
        resilience4jOpen.transitionToOpenState();

        failsafe = Failsafe.with(failsafeBreaker());
        failsafeRecordingBreaker = failsafeBreaker();
        failsafeRecording = Failsafe.with(failsafeRecordingBreaker);
        dev.failsafe.CircuitBreaker<Object> failsafeOpenBreaker = failsafeBreaker();
        failsafeOpenBreaker.open();
        failsafeOpen = Failsafe.with(failsafeOpenBreaker);
    }

    private static dev.failsafe.CircuitBreaker<Object> failsafeBreaker() {
        return dev.failsafe.CircuitBreaker.builder()
                .withFailureThreshold(50, 100)
                .withDelay(Duration.ofSeconds(60))
                .build();
    }

    // ---- success, one thread ----

    @Benchmark
    public String success_direct() {
        return success.get();
    }

    @Benchmark
    public String success_ours() {
        return ours.executeSupplier(success);
    }

    @Benchmark
    public String success_oursWithoutClock() {
        return oursWithoutClock.executeSupplier(success);
    }

    @Benchmark
    public String success_oursPreciseTicker() {
        return oursPreciseTicker.executeSupplier(success);
    }

    @Benchmark
    public String success_resilience4j() {
        return resilience4j.executeSupplier(success);
    }

    @Benchmark
    public Object success_failsafe() {
        return failsafe.get(failsafeSuccess);
    }

    // ---- recorded failure, one thread ----

    @Benchmark
    public Object failure_ours() {
        try {
            return oursRecording.executeSupplier(failing);
        } catch (IllegalStateException e) {
            return e;
        }
    }

    @Benchmark
    public Object failure_resilience4j() {
        try {
            return resilience4jRecording.executeSupplier(failing);
        } catch (IllegalStateException e) {
            return e;
        }
    }

    @Benchmark
    public Object failure_failsafe() {
        try {
            return failsafeRecording.get(failsafeFailing);
        } catch (IllegalStateException e) {
            if (failsafeRecordingBreaker.isOpen()) {
                failsafeRecordingBreaker.close();
            }
            return e;
        }
    }

    // ---- rejected by an OPEN breaker, one thread ----

    @Benchmark
    public Object open_ours() {
        try {
            return oursOpen.executeSupplier(success);
        } catch (dev.resilience.circuitbreaker.CallNotPermittedException e) {
            return e;
        }
    }

    @Benchmark
    public Object open_resilience4j() {
        try {
            return resilience4jOpen.executeSupplier(success);
        } catch (io.github.resilience4j.circuitbreaker.CallNotPermittedException e) {
            return e;
        }
    }

    @Benchmark
    public Object open_failsafe() {
        try {
            return failsafeOpen.get(failsafeSuccess);
        } catch (dev.failsafe.CircuitBreakerOpenException e) {
            return e;
        }
    }

    // ---- success, two threads on one breaker ----

    /** The bare call on two threads: what the machine itself adds when both cores are asked for. */
    @Benchmark
    @Threads(2)
    public String shared2_success_direct() {
        return success.get();
    }

    @Benchmark
    @Threads(2)
    public String shared2_success_ours() {
        return ours.executeSupplier(success);
    }

    @Benchmark
    @Threads(2)
    public String shared2_success_resilience4j() {
        return resilience4j.executeSupplier(success);
    }

    @Benchmark
    @Threads(2)
    public Object shared2_success_failsafe() {
        return failsafe.get(failsafeSuccess);
    }
}
