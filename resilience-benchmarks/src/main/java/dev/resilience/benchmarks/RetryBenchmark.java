package dev.resilience.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import dev.resilience.core.Chain;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryBudget;
import dev.resilience.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
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
 * Retry, success at the first attempt (the path every healthy call takes): ours next to resilience4j 2.4.0 and
 * Failsafe 3.3.2, each configured with 3 attempts and a 500 ms wait, one instance shared by all threads.
 *
 * <ul>
 *   <li>{@code direct}: the bare supplier, the floor;</li>
 *   <li>{@code ours_execute}: the primitive {@code Retry.execute(call, Chain.terminal())}, as a pipeline calls it;</li>
 *   <li>{@code ours_executeSupplier} / {@code ours_decoratedSupplier}: the convenience API;</li>
 *   <li>{@code ours_withBudget}: the same with a {@link RetryBudget} (one ticker read per call);</li>
 *   <li>{@code resilience4j_*}, {@code failsafe_get}: the peers' equivalent calls;</li>
 *   <li>{@code *_2threads}: two threads on the same instance.</li>
 * </ul>
 *
 * Run: {@code java -jar resilience-benchmarks/target/benchmarks.jar RetryBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RetryBenchmark {

    private String value;
    private Supplier<String> supplier;
    private dev.resilience.core.CheckedSupplier<String> call;

    private Retry ours;
    private Retry oursWithBudget;
    private Supplier<String> oursDecorated;

    private io.github.resilience4j.retry.Retry resilience4j;
    private Supplier<String> resilience4jDecorated;

    private FailsafeExecutor<String> failsafe;
    private CheckedSupplier<String> failsafeCall;

    @Setup
    public void setUp() {
        value = "result";
        supplier = () -> value;
        call = () -> value;

        RetryConfig config = RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ofMillis(500)).build();
        ours = Retry.of("benchmark", config);
        oursWithBudget = Retry.of("budget", RetryConfig.from(config).retryBudget(RetryBudget.ofDefaults()).build());
        oursDecorated = ours.decorateSupplier(supplier);

        resilience4j = RetryRegistry.of(io.github.resilience4j.retry.RetryConfig.custom()
                .maxAttempts(3).waitDuration(Duration.ofMillis(500)).build()).retry("benchmark");
        resilience4jDecorated = io.github.resilience4j.retry.Retry.decorateSupplier(resilience4j, supplier);

        failsafe = Failsafe.with(RetryPolicy.<String>builder().withMaxAttempts(3)
                .withDelay(Duration.ofMillis(500)).build());
        failsafeCall = () -> value;
    }

    @Benchmark
    public String direct() {
        return supplier.get();
    }

    @Benchmark
    public String ours_execute() throws Throwable {
        return ours.execute(call, Chain.terminal());
    }

    @Benchmark
    public String ours_executeSupplier() {
        return ours.executeSupplier(supplier);
    }

    @Benchmark
    public String ours_decoratedSupplier() {
        return oursDecorated.get();
    }

    @Benchmark
    public String ours_withBudget() throws Throwable {
        return oursWithBudget.execute(call, Chain.terminal());
    }

    @Benchmark
    public String resilience4j_executeSupplier() {
        return resilience4j.executeSupplier(supplier);
    }

    @Benchmark
    public String resilience4j_decoratedSupplier() {
        return resilience4jDecorated.get();
    }

    @Benchmark
    public String failsafe_get() {
        return failsafe.get(failsafeCall);
    }

    @Benchmark
    @Threads(2)
    public String ours_execute_2threads() throws Throwable {
        return ours.execute(call, Chain.terminal());
    }

    @Benchmark
    @Threads(2)
    public String ours_decoratedSupplier_2threads() {
        return oursDecorated.get();
    }

    @Benchmark
    @Threads(2)
    public String resilience4j_decoratedSupplier_2threads() {
        return resilience4jDecorated.get();
    }

    @Benchmark
    @Threads(2)
    public String failsafe_get_2threads() {
        return failsafe.get(failsafeCall);
    }
}
