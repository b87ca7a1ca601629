package dev.resilience.spring.boot.autoconfigure;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.timeout.TimeoutRegistry;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Context propagation runs application code (every registered {@code ThreadLocalAccessor}, for example a tracing
 * handler opening a scope) on the threads of thread-pool bulkheads, timeouts and scheduled retries. An accessor
 * that throws there once cost the task itself: a scheduled retry attempt never ran and the caller's future never
 * completed. It now costs only the context (issue 8, defect 1: "check every pattern for the same shape").
 */
class FailingContextAccessorTests {

    private static final String KEY = "dev.resilience.test.failing-accessor";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class))
            .withPropertyValues("resilience.retry.instances.async.wait-duration=1ms",
                    "resilience.retry.instances.async.max-attempts=3");

    static List<Throwable> failures() {
        return List.of(new StackOverflowError("accessor overflowed"), new IllegalStateException("accessor bug"));
    }

    @AfterEach
    void removeAccessor() {
        ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aThrowingAccessorCostsTheContextNotTheCall(Throwable failure) {
        runner.run(context -> {
            ContextRegistry.getInstance().registerThreadLocalAccessor(new Throwing(failure, false));
            Retry retry = context.getBean(RetryRegistry.class).get("async");
            AtomicInteger attempts = new AtomicInteger();
            CompletionStage<String> retried = retry.executeCompletionStage(() -> attempts.incrementAndGet() < 3
                    ? CompletableFuture.failedFuture(new IllegalStateException("attempt " + attempts.get()))
                    : CompletableFuture.completedFuture("third attempt"));
            assertThat(retried.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("third attempt");

            assertThat(context.getBean(ThreadPoolBulkheadRegistry.class).get("pool").submit(() -> "pooled")
                    .toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("pooled");
            assertThat(context.getBean(TimeoutRegistry.class).get("slow").executeCompletionStage(
                    () -> CompletableFuture.supplyAsync(() -> "in time")).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)).isEqualTo("in time");
        });
    }

    @ParameterizedTest
    @MethodSource("failures")
    void anAccessorThatThrowsWhileCapturingToo(Throwable failure) {
        runner.run(context -> {
            ContextRegistry.getInstance().registerThreadLocalAccessor(new Throwing(failure, true));
            Retry retry = context.getBean(RetryRegistry.class).get("async");
            AtomicInteger attempts = new AtomicInteger();
            CompletionStage<String> retried = retry.executeCompletionStage(() -> attempts.incrementAndGet() < 2
                    ? CompletableFuture.failedFuture(new IllegalStateException("first attempt"))
                    : CompletableFuture.completedFuture("second attempt"));
            assertThat(retried.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("second attempt");
            assertThat(context.getBean(ThreadPoolBulkheadRegistry.class).get("pool").submit(() -> "pooled")
                    .toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("pooled");
        });
    }

    /** Has a value on every thread; throws when it is restored (or already when it is read). */
    private record Throwing(Throwable failure, boolean onCapture) implements ThreadLocalAccessor<String> {

        @Override
        public Object key() {
            return KEY;
        }

        @Override
        public String getValue() {
            if (onCapture) {
                throw sneaky(failure);
            }
            return "value";
        }

        @Override
        public void setValue(String value) {
            throw sneaky(failure);
        }

        @Override
        public void setValue() {
            throw sneaky(failure);
        }

        @SuppressWarnings("unchecked")
        private static <E extends Throwable> RuntimeException sneaky(Throwable failure) throws E {
            throw (E) failure;
        }
    }

}
