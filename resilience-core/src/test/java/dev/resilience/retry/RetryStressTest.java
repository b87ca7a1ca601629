package dev.resilience.retry;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many threads on one retry, synchronous and asynchronous calls mixed with cancellations: every call ends
 * exactly once, in the metrics and in the listeners.
 */
class RetryStressTest {

    @Test
    void everyCallIsCountedExactlyOnce() throws Exception {
        int threads = 16;
        int callsPerThread = 2_000;
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        Retry retry = Retry.of("stress", RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ZERO)
                .scheduler(scheduler).retryOnResult(r -> "again".equals(r)).build());
        AtomicLong ended = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        retry.addListener(new RetryListener() {
            @Override
            public void onRetry(Retry r, int attempt, long waitNanos, Throwable lastErrorOrNull) {
                retries.incrementAndGet();
            }

            @Override
            public void onSuccess(Retry r, int attempts) {
                ended.incrementAndGet();
            }

            @Override
            public void onError(Retry r, int attempts, Throwable lastErrorOrNull) {
                ended.incrementAndGet();
            }

            @Override
            public void onIgnoredError(Retry r, Throwable error) {
                ended.incrementAndGet();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch asyncDone = new CountDownLatch(threads * callsPerThread / 2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < callsPerThread; i++) {
                        if (i % 2 == 0) {
                            try {
                                retry.executeCallable(RetryStressTest::randomOutcome);
                            } catch (Exception expected) {
                                // failures are part of the mix
                            }
                        } else {
                            CompletableFuture<String> result = retry.executeCompletionStage(
                                    RetryStressTest::randomAsyncOutcome).toCompletableFuture();
                            if (i % 7 == 0) {
                                result.cancel(true);
                            }
                            result.whenComplete((v, e) -> asyncDone.countDown());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
            assertThat(asyncDone.await(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
            scheduler.shutdownNow();
        }

        Retry.Metrics metrics = retry.metrics();
        // A call is counted before its future completes, except when a cancellation races with the last attempt's
        // completion: then the attempt's thread may still be counting when the cancelled future is seen.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            long counted = metrics.successfulCallsWithoutRetry() + metrics.successfulCallsWithRetry()
                    + metrics.failedCallsWithoutRetry() + metrics.failedCallsWithRetry();
            assertThat(counted).isEqualTo((long) threads * callsPerThread);
            assertThat(ended.get()).isEqualTo(counted);
        });
        assertThat(retries.get()).isPositive();
        assertThat(metrics.successfulCallsWithRetry()).isPositive();
        assertThat(metrics.failedCallsWithRetry()).isPositive();
    }

    private static String randomOutcome() throws IOException {
        int roll = ThreadLocalRandom.current().nextInt(4);
        if (roll == 0) {
            throw new IOException("flaky");
        }
        if (roll == 1) {
            throw new IllegalArgumentException("not retried");
        }
        return roll == 2 ? "again" : "ok";
    }

    private static CompletionStage<String> randomAsyncOutcome() {
        try {
            String value = randomOutcome();
            return ThreadLocalRandom.current().nextBoolean()
                    ? CompletableFuture.completedFuture(value)
                    : CompletableFuture.supplyAsync(() -> value);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
