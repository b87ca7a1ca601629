package dev.resilience.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
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
 * The semaphore bulkhead's success path (a permit is always free, zero wait): ours against resilience4j 2.4.0
 * and Failsafe 3.3.2, on one thread and on two threads sharing one instance. Run with {@code -prof gc} to see
 * bytes per call ({@code gc.alloc.rate.norm}); the aim is 0 B.
 *
 * <pre>
 * java -jar resilience-benchmarks/target/benchmarks.jar BulkheadBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BulkheadBenchmark {

    private static final int MAX_CONCURRENT_CALLS = 25;

    private Supplier<String> call;
    private Bulkhead ours;
    private io.github.resilience4j.bulkhead.Bulkhead resilience4j;
    private FailsafeExecutor<String> failsafe;

    @Setup
    public void setUp() {
        String value = "result";
        call = () -> value;
        ours = Bulkhead.of("benchmark", BulkheadConfig.builder().maxConcurrentCalls(MAX_CONCURRENT_CALLS)
                .maxWaitDuration(Duration.ZERO).build());
        resilience4j = io.github.resilience4j.bulkhead.Bulkhead.of("benchmark",
                io.github.resilience4j.bulkhead.BulkheadConfig.custom().maxConcurrentCalls(MAX_CONCURRENT_CALLS)
                        .maxWaitDuration(Duration.ZERO).build());
        failsafe = Failsafe.with(dev.failsafe.Bulkhead.<String>builder(MAX_CONCURRENT_CALLS)
                .withMaxWaitTime(Duration.ZERO).build());
    }

    @Benchmark
    public String direct() {
        return call.get();
    }

    @Benchmark
    public String ours() {
        return ours.executeSupplier(call);
    }

    @Benchmark
    public String resilience4j() {
        return resilience4j.executeSupplier(call);
    }

    @Benchmark
    public String failsafe() {
        return failsafe.get(call::get);
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
        return failsafe.get(call::get);
    }
}
