package dev.resilience.retry;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Pipeline;
import dev.resilience.testing.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The asynchronous path: scheduled retries, cancellation, and proof that no thread waits. */
class RetryAsyncTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingListener listener = new RecordingListener();
    private final List<ScheduledExecutorService> executors = new ArrayList<>();

    @AfterEach
    void shutDown() {
        executors.forEach(ScheduledExecutorService::shutdownNow);
    }

    private Retry retry(RetryConfig.Builder builder) {
        Retry retry = Retry.of("backend", builder.scheduler(scheduler).build());
        retry.addListener(listener);
        return retry;
    }

    /** The failure a stage completed with, as the stage holds it (no CompletionException around it). */
    private static Throwable failureOf(CompletionStage<?> stage) {
        return stage.handle((value, failure) -> failure).toCompletableFuture().join();
    }

    /** Attempts that fail asynchronously until {@code failures} have been returned, then succeed. */
    private static final class Attempts implements Supplier<CompletionStage<String>> {
        final List<Throwable> failures;
        final AtomicInteger count = new AtomicInteger();
        final List<String> threads = new CopyOnWriteArrayList<>();

        Attempts(Throwable... failures) {
            this.failures = List.of(failures);
        }

        @Override
        public CompletionStage<String> get() {
            threads.add(Thread.currentThread().getName());
            int index = count.getAndIncrement();
            if (index < failures.size()) {
                return CompletableFuture.failedFuture(failures.get(index));
            }
            return CompletableFuture.completedFuture("ok " + (index + 1));
        }
    }

    @Nested
    class Outcomes {

        @Test
        void successAtTheFirstAttemptSchedulesNothing() {
            Retry retry = retry(RetryConfig.builder());

            CompletionStage<String> stage = retry.executeCompletionStage(new Attempts());

            assertThat(stage.toCompletableFuture().join()).isEqualTo("ok 1");
            assertThat(scheduler.delays()).isEmpty();
            assertThat(listener.events).containsExactly("success 1");
            assertThat(retry.metrics().successfulCallsWithoutRetry()).isEqualTo(1);
        }

        @Test
        void eachRetryIsScheduledWithItsWait() {
            Retry retry = retry(RetryConfig.builder().waitDuration(Duration.ofMillis(100))
                    .enableExponentialBackoff(true));
            Attempts attempts = new Attempts(new IOException("1"), new IOException("2"));

            CompletableFuture<String> result = retry.executeCompletionStage(attempts).toCompletableFuture();

            assertThat(result).isNotDone();
            assertThat(attempts.count).hasValue(1);
            assertThat(scheduler.delays()).containsExactly(Duration.ofMillis(100));
            scheduler.runNext();
            assertThat(result).isNotDone();
            assertThat(scheduler.delays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
            scheduler.runNext();

            assertThat(result.join()).isEqualTo("ok 3");
            assertThat(listener.events).containsExactly("retry 1 wait=PT0.1S IOException(1)",
                    "retry 2 wait=PT0.2S IOException(2)", "success 3");
            assertThat(retry.metrics().successfulCallsWithRetry()).isEqualTo(1);
        }

        @Test
        void theLastFailureIsPassedOnUnchangedNotWrapped() {
            Retry retry = retry(RetryConfig.builder().maxAttempts(2));
            IOException last = new IOException("last");
            Attempts attempts = new Attempts(new IOException("first"), last);

            CompletionStage<String> stage = retry.executeCompletionStage(attempts);
            scheduler.runNext();

            assertThat(failureOf(stage)).isSameAs(last);
            assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S IOException(first)",
                    "error 2 IOException(last)");
            assertThat(retry.metrics().failedCallsWithRetry()).isEqualTo(1);
        }

        @Test
        void aFailureWrappedInACompletionExceptionIsUnwrapped() {
            Retry retry = retry(RetryConfig.builder().maxAttempts(1));
            IOException failure = new IOException("down");

            CompletionStage<String> stage = retry.executeCompletionStage(
                    () -> CompletableFuture.<String>supplyAsync(() -> "x", Runnable::run)
                            .thenApply(x -> {
                                throw new java.util.concurrent.CompletionException(failure);
                            }));

            assertThat(failureOf(stage)).isSameAs(failure);
        }

        @Test
        void aSupplierThatThrowsOrReturnsNullIsAFailedAttempt() {
            Retry retry = retry(RetryConfig.builder());
            AtomicInteger calls = new AtomicInteger();

            CompletionStage<String> stage = retry.executeCompletionStage(() -> {
                int call = calls.incrementAndGet();
                if (call == 1) {
                    throw new IllegalStateException("sync throw");
                }
                if (call == 2) {
                    return null;
                }
                return CompletableFuture.completedFuture("ok");
            });
            scheduler.runNext();
            scheduler.runNext();

            assertThat(stage.toCompletableFuture().join()).isEqualTo("ok");
            assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S IllegalStateException(sync throw)",
                    "retry 2 wait=PT0.5S NullPointerException(The call returned a null CompletionStage)",
                    "success 3");
        }

        @Test
        void notRetryableFailuresAndRejectedResults() {
            Retry retry = retry(RetryConfig.builder().maxAttempts(2).retryExceptions(IOException.class)
                    .retryOnResult(r -> r.toString().startsWith("ok")));
            IllegalStateException notRetryable = new IllegalStateException("no");

            CompletionStage<String> failed = retry.executeCompletionStage(
                    () -> CompletableFuture.failedFuture(notRetryable));
            CompletionStage<String> rejected = retry.executeCompletionStage(new Attempts());
            scheduler.runNext();

            assertThat(failureOf(failed)).isSameAs(notRetryable);
            assertThat(rejected.toCompletableFuture().join()).isEqualTo("ok 2");
            assertThat(listener.events).containsExactly("ignored IllegalStateException(no)",
                    "retry 1 wait=PT0.5S result", "error 2 result");
        }

        @Test
        void aShutDownSchedulerEndsTheCallWithItsLastFailure() {
            Retry retry = retry(RetryConfig.builder());
            IOException failure = new IOException("down");
            scheduler.shutdown();

            CompletionStage<String> stage = retry.executeCompletionStage(new Attempts(failure));

            assertThat(failureOf(stage)).isSameAs(failure);
            assertThat(failure.getSuppressed()).singleElement().isInstanceOf(RejectedExecutionException.class);
            assertThat(retry.metrics().failedCallsWithoutRetry()).isEqualTo(1);
        }

        @Test
        void worksInAnAsynchronousPipeline() {
            Retry retry = retry(RetryConfig.builder());
            Attempts attempts = new Attempts(new IOException());

            CompletionStage<String> stage = Pipeline.of(retry).executeAsync(attempts);
            scheduler.runNext();

            assertThat(stage.toCompletableFuture().join()).isEqualTo("ok 2");
        }

        @Test
        void eachAttemptGoesThroughTheInnerPolicies() {
            Retry retry = retry(RetryConfig.builder());
            List<String> trace = new ArrayList<>();
            AsyncChain inner = new AsyncChain() {
                @Override
                public <T> CompletionStage<T> proceed(Supplier<? extends CompletionStage<T>> call) {
                    trace.add("inner");
                    return call.get();
                }
            };

            CompletionStage<String> stage = retry.executeAsync(new Attempts(new IOException()), inner);
            scheduler.runNext();

            assertThat(stage.toCompletableFuture().join()).isEqualTo("ok 2");
            assertThat(trace).containsExactly("inner", "inner");
        }
    }

    @Nested
    class Cancellation {

        @Test
        void cancellingTheResultStopsAPendingRetry() {
            Retry retry = retry(RetryConfig.builder());
            Attempts attempts = new Attempts(new IOException("down"), new IOException("down"));
            CompletableFuture<String> result = retry.executeCompletionStage(attempts).toCompletableFuture();
            assertThat(scheduler.pending()).hasSize(1);

            assertThat(result.cancel(true)).isTrue();

            assertThat(scheduler.pending()).isEmpty();
            assertThat(attempts.count).hasValue(1);
            assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S IOException(down)",
                    "error 1 CancellationException(Retry 'backend': the call was cancelled)");
            assertThat(retry.metrics().failedCallsWithoutRetry()).isEqualTo(1);
        }

        @Test
        void cancellingTheResultCancelsTheAttemptInFlight() {
            Retry retry = retry(RetryConfig.builder());
            CompletableFuture<String> inFlight = new CompletableFuture<>();
            CompletableFuture<String> result = retry.executeCompletionStage(() -> inFlight).toCompletableFuture();

            result.cancel(true);

            assertThat(inFlight).isCancelled();
            assertThat(scheduler.pending()).isEmpty();
            assertThat(listener.events).containsExactly(
                    "error 0 CancellationException(Retry 'backend': the call was cancelled)");
        }

        @Test
        void aRetryTaskThatRunsAfterCancellationStartsNoAttempt() {
            Retry retry = retry(RetryConfig.builder());
            Attempts attempts = new Attempts(new IOException("down"));
            CompletableFuture<String> result = retry.executeCompletionStage(attempts).toCompletableFuture();
            // Completing (rather than cancelling) does not cancel the task: the task itself must see it.
            result.complete("caller gave up");

            scheduler.runNext();

            assertThat(attempts.count).hasValue(1);
            assertThat(result.join()).isEqualTo("caller gave up");
            assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S IOException(down)",
                    "error 1 CancellationException(Retry 'backend': the call was cancelled)");
        }
    }

    @Nested
    class NoThreadWaits {

        @Test
        void aPendingRetryDelayDoesNotHoldTheOnlySchedulerThread() throws Exception {
            ScheduledThreadPoolExecutor single = new ScheduledThreadPoolExecutor(1);
            single.setRemoveOnCancelPolicy(true);
            executors.add(single);
            Retry retry = Retry.of("backend", RetryConfig.builder().waitDuration(Duration.ofHours(1))
                    .scheduler(single).build());
            Attempts attempts = new Attempts(new IOException("down"));

            CompletableFuture<String> result = retry.executeCompletionStage(attempts).toCompletableFuture();
            Future<String> otherWork = single.submit(() -> "other work ran on " + Thread.currentThread().getName());

            assertThat(otherWork.get(10, TimeUnit.SECONDS)).startsWith("other work ran on");
            assertThat(result).isNotDone();
            assertThat(attempts.count).hasValue(1);
            assertThat(single.getQueue()).hasSize(1);

            result.cancel(false);
            assertThat(single.getQueue()).isEmpty();
        }

        @Test
        void retriesOnASingleThreadInterleaveWithOtherWork() {
            ScheduledExecutorService single = Executors.newSingleThreadScheduledExecutor(
                    task -> new Thread(task, "the-only-thread"));
            executors.add(single);
            Retry retry = Retry.of("backend", RetryConfig.builder().maxAttempts(4)
                    .waitDuration(Duration.ofMillis(5)).scheduler(single).build());
            List<String> trace = new CopyOnWriteArrayList<>();
            AtomicInteger calls = new AtomicInteger();
            Supplier<CompletionStage<String>> call = () -> {
                int attempt = calls.incrementAndGet();
                trace.add("attempt " + attempt);
                // Between two attempts, other work is queued on the same thread, and runs before the next one.
                single.execute(() -> trace.add("other work after attempt " + attempt));
                return attempt < 4 ? CompletableFuture.failedFuture(new IOException()) : CompletableFuture.completedFuture("ok");
            };

            CompletableFuture<String> result = retry.executeCompletionStage(call).toCompletableFuture();

            await().atMost(Duration.ofSeconds(10)).until(result::isDone);
            assertThat(result.join()).isEqualTo("ok");
            await().atMost(Duration.ofSeconds(10)).until(() -> trace.size() == 8);
            assertThat(trace).containsExactly("attempt 1", "other work after attempt 1", "attempt 2",
                    "other work after attempt 2", "attempt 3", "other work after attempt 3", "attempt 4",
                    "other work after attempt 4");
        }

        @Test
        void attemptsAfterTheFirstRunOnTheScheduler() {
            ScheduledExecutorService single = Executors.newSingleThreadScheduledExecutor(
                    task -> new Thread(task, "retry-scheduler"));
            executors.add(single);
            Retry retry = Retry.of("backend", RetryConfig.builder().waitDuration(Duration.ZERO)
                    .scheduler(single).build());
            Attempts attempts = new Attempts(new IOException(), new IOException());

            CompletableFuture<String> result = retry.executeCompletionStage(attempts).toCompletableFuture();

            await().atMost(Duration.ofSeconds(10)).until(result::isDone);
            assertThat(attempts.threads).containsExactly(Thread.currentThread().getName(), "retry-scheduler",
                    "retry-scheduler");
        }
    }

    @Nested
    class ExecuteAsyncNeverThrows {

        @Test
        void aBrokenChainGivesAFailedStage() {
            Retry retry = retry(RetryConfig.builder().maxAttempts(1));
            IllegalStateException broken = new IllegalStateException("broken chain");
            AsyncChain chain = new AsyncChain() {
                @Override
                public <T> CompletionStage<T> proceed(Supplier<? extends CompletionStage<T>> call) {
                    throw broken;
                }
            };

            CompletionStage<String> stage = retry.executeAsync(() -> CompletableFuture.completedFuture("x"), chain);

            assertThat(failureOf(stage)).isSameAs(broken);
        }

        @Test
        void cancellationExceptionIsReportedOnce() {
            Retry retry = retry(RetryConfig.builder());
            CompletableFuture<String> result = retry.executeCompletionStage(new CompletableFuture<String>()::copy)
                    .toCompletableFuture();

            result.cancel(true);
            result.cancel(true);

            assertThat(listener.events).hasSize(1);
            assertThat(failureOf(result)).isInstanceOf(CancellationException.class);
        }
    }
}
