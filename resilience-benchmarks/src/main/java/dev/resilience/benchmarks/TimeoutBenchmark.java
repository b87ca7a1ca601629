package dev.resilience.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The asynchronous timeout's success path, ours against Failsafe 3.3.2 (resilience4j's TimeLimiter is not a
 * dependency of this module):
 * <ul>
 *   <li>{@code *Completed}: the call's stage is already complete when it is returned (no timer is needed);
 *   <li>{@code *Pending}: the stage completes just after the call returns, so a timer is scheduled on the
 *       scheduler and cancelled again, which is the common shape of a real asynchronous call.
 * </ul>
 *
 * <pre>
 * java -jar resilience-benchmarks/target/benchmarks.jar TimeoutBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TimeoutBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Timeout ours;
    private FailsafeExecutor<String> failsafe;
    private CompletableFuture<String> completed;

    @Setup
    public void setUp() {
        ours = Timeout.of("benchmark", TimeoutConfig.builder().timeoutDuration(TIMEOUT).build());
        failsafe = Failsafe.with(dev.failsafe.Timeout.<String>builder(TIMEOUT).withInterrupt().build());
        completed = CompletableFuture.completedFuture("result");
    }

    @Benchmark
    public String oursCompleted() {
        return ours.executeCompletionStage(() -> completed).toCompletableFuture().join();
    }

    @Benchmark
    public String failsafeCompleted() {
        return failsafe.getStageAsync(() -> completed).join();
    }

    @Benchmark
    public String oursPending() {
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> result = ours.executeCompletionStage(() -> call).toCompletableFuture();
        call.complete("result");
        return result.join();
    }

    @Benchmark
    public String failsafePending() {
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> result = failsafe.getStageAsync(() -> call);
        call.complete("result");
        return result.join();
    }
}
