package dev.resilience.fallback;

import dev.resilience.core.Pipeline;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.retry.RetryListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Fallback outermost, retry inside it: the contract's order. */
class FallbackAroundRetryTest {

    @Test
    void theFallbackSeesOnlyTheFinalOutcomeAfterEveryAttempt() {
        List<String> trace = new CopyOnWriteArrayList<>();
        Retry retry = Retry.of("backend", RetryConfig.builder().maxAttempts(3).sleeper(nanos -> { }).build());
        retry.addListener(new RetryListener() {
            @Override
            public void onRetry(Retry r, int attempt, long waitNanos, Throwable lastErrorOrNull) {
                trace.add("retry " + attempt);
            }
        });
        Fallback<String> fallback = Fallback.ofFunction(t -> {
            trace.add("fallback for " + t.getMessage());
            return "fallback";
        });
        AtomicInteger attempts = new AtomicInteger();

        String result = Pipeline.of(fallback, retry).executeSupplier(() -> {
            throw new IllegalStateException("attempt " + attempts.incrementAndGet());
        });

        assertThat(result).isEqualTo("fallback");
        assertThat(trace).containsExactly("retry 1", "retry 2", "fallback for attempt 3");
    }

    @Test
    void asynchronouslyTooAndCancellingTheOuterFutureStopsTheRetries() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        scheduler.setRemoveOnCancelPolicy(true);
        try {
            Retry retry = Retry.of("backend", RetryConfig.builder().waitDuration(Duration.ofHours(1))
                    .scheduler(scheduler).build());
            Pipeline pipeline = Pipeline.of(Fallback.of("fallback"), retry);

            CompletableFuture<String> result = pipeline.executeAsync(
                    () -> CompletableFuture.<String>failedFuture(new IOException("down"))).toCompletableFuture();
            assertThat(scheduler.getQueue()).hasSize(1);
            result.cancel(true);

            assertThat(scheduler.getQueue()).isEmpty();
            assertThat(retry.metrics().failedCallsWithoutRetry()).isEqualTo(1);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
