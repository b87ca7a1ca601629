package dev.resilience.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The timeout's success path, ours against resilience4j 2.4.0's {@code TimeLimiter} and Failsafe 3.3.2's
 * {@code Timeout}, each with a 10 s timeout that never expires and cancellation on expiry.
 *
 * <p>Asynchronous ({@code CompletionStage}):
 * <ul>
 *   <li>{@code async*Completed}: the call's stage is already complete when it is returned (no timer is needed);
 *   <li>{@code async*Pending}: the stage completes just after the call returns, so a timer is scheduled and
 *       cancelled again, which is the common shape of a real asynchronous call.
 * </ul>
 *
 * <p>Synchronous:
 * <ul>
 *   <li>{@code syncOursCaller}: ours in the default {@code mode: caller}: the call runs on the calling thread, a
 *       reusable per-thread entry of the shared interrupt timer is armed and disarmed;
 *   <li>{@code syncOursWorker}: ours in {@code mode: worker}: the call is handed to a worker thread;
 *   <li>{@code syncFailsafe}: Failsafe's synchronous timeout with interruption (the call runs on the calling
 *       thread, a task is scheduled per call to interrupt it);
 *   <li>{@code syncResilience4j}: resilience4j's synchronous form, {@code executeFutureSupplier} over a call
 *       submitted to an executor (it has no synchronous timeout on the calling thread), comparable to worker
 *       mode.
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

    private final Supplier<String> call = () -> "result";

    private Timeout ours;
    private Timeout oursWorker;
    private FailsafeExecutor<String> failsafe;
    private TimeLimiter resilience4j;
    private ScheduledExecutorService resilience4jScheduler;
    private ExecutorService resilience4jWorkers;
    private CompletableFuture<String> completed;

    @Setup
    public void setUp() {
        ours = Timeout.of("benchmark", TimeoutConfig.builder().timeoutDuration(TIMEOUT).build());
        oursWorker = Timeout.of("worker", TimeoutConfig.builder().timeoutDuration(TIMEOUT)
                .mode(TimeoutConfig.Mode.WORKER).build());
        failsafe = Failsafe.with(dev.failsafe.Timeout.<String>builder(TIMEOUT).withInterrupt().build());
        resilience4j = TimeLimiter.of("benchmark", TimeLimiterConfig.custom().timeoutDuration(TIMEOUT)
                .cancelRunningFuture(true).build());
        resilience4jScheduler = Executors.newSingleThreadScheduledExecutor();
        resilience4jWorkers = Executors.newCachedThreadPool();
        completed = CompletableFuture.completedFuture("result");
    }

    @TearDown
    public void tearDown() {
        resilience4jScheduler.shutdownNow();
        resilience4jWorkers.shutdownNow();
    }

    // ---- asynchronous ----

    @Benchmark
    public String asyncOursCompleted() {
        return ours.executeCompletionStage(() -> completed).toCompletableFuture().join();
    }

    @Benchmark
    public String asyncResilience4jCompleted() {
        return resilience4j.executeCompletionStage(resilience4jScheduler, () -> completed).toCompletableFuture().join();
    }

    @Benchmark
    public String asyncFailsafeCompleted() {
        return failsafe.getStageAsync(() -> completed).join();
    }

    @Benchmark
    public String asyncOursPending() {
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> result = ours.executeCompletionStage(() -> stage).toCompletableFuture();
        stage.complete("result");
        return result.join();
    }

    @Benchmark
    public String asyncResilience4jPending() {
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> result = resilience4j.executeCompletionStage(resilience4jScheduler, () -> stage)
                .toCompletableFuture();
        stage.complete("result");
        return result.join();
    }

    @Benchmark
    public String asyncFailsafePending() {
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> result = failsafe.getStageAsync(() -> stage);
        stage.complete("result");
        return result.join();
    }

    // ---- synchronous ----

    @Benchmark
    public String syncOursCaller() {
        return ours.executeSupplier(call);
    }

    @Benchmark
    public String syncOursWorker() {
        return oursWorker.executeSupplier(call);
    }

    @Benchmark
    public String syncFailsafe() {
        return failsafe.get(call::get);
    }

    @Benchmark
    public String syncResilience4j() throws Exception {
        return resilience4j.executeFutureSupplier(() -> resilience4jWorkers.submit(call::get));
    }
}
