package dev.resilience.ratelimiter;

import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RateLimiterAsyncTest {

    private final ManualTicker ticker = new ManualTicker();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    {
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void shutDown() {
        scheduler.shutdownNow();
    }

    private RateLimiter limiter(int limit, Duration period, Duration timeout) {
        return RateLimiter.of("backend", RateLimiterConfig.builder().limitForPeriod(limit).limitRefreshPeriod(period)
                .timeoutDuration(timeout).ticker(ticker).scheduler(scheduler).build());
    }

    @Test
    void aCallWithAPermitStartsAtOnceOnTheCallingThread() {
        RateLimiter limiter = limiter(1, Duration.ofSeconds(1), Duration.ZERO);
        AtomicReference<Thread> startedOn = new AtomicReference<>();

        CompletionStage<String> stage = limiter.executeCompletionStage(() -> {
            startedOn.set(Thread.currentThread());
            return CompletableFuture.completedFuture("done");
        });

        assertThat(stage.toCompletableFuture()).isCompletedWithValue("done");
        assertThat(startedOn.get()).isSameAs(Thread.currentThread());
        assertThat(scheduler.getQueue()).isEmpty();
    }

    @Test
    void aRejectionIsAFailedStageNeverAThrow() {
        RateLimiter limiter = limiter(1, Duration.ofSeconds(1), Duration.ZERO);
        limiter.acquirePermission();
        ticker.advance(Duration.ofMillis(250));
        AtomicInteger starts = new AtomicInteger();

        CompletionStage<String> stage = limiter.executeCompletionStage(() -> {
            starts.incrementAndGet();
            return CompletableFuture.completedFuture("done");
        });

        assertThatThrownBy(() -> stage.toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(RateLimitExceededException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(750)))
                .hasMessage("Rate limit of 'backend' exceeded (1 per 1s); retry after 750ms");
        assertThat(starts).hasValue(0);
    }

    @Test
    void aPendingPermitDelayDoesNotHoldTheSchedulerThread() throws Exception {
        RateLimiter limiter = limiter(1, Duration.ofHours(1), Duration.ofHours(2));
        limiter.acquirePermission();
        ticker.advance(Duration.ofMinutes(20));
        AtomicInteger starts = new AtomicInteger();

        CompletionStage<String> pending = limiter.executeCompletionStage(() -> {
            starts.incrementAndGet();
            return CompletableFuture.completedFuture("late");
        });

        assertThat(scheduler.getQueue()).hasSize(1);
        long delay = ((RunnableScheduledFuture<?>) scheduler.getQueue().peek()).getDelay(TimeUnit.NANOSECONDS);
        assertThat(delay).isBetween(Duration.ofMinutes(39).toNanos(), Duration.ofMinutes(40).toNanos());
        // The only scheduler thread is free: other work runs on it while the call waits for its period.
        assertThat(scheduler.submit(() -> "other work").get(10, TimeUnit.SECONDS)).isEqualTo("other work");
        assertThat(scheduler.schedule(() -> "timed work", 1, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS))
                .isEqualTo("timed work");
        assertThat(pending.toCompletableFuture()).isNotDone();
        assertThat(starts).hasValue(0);

        pending.toCompletableFuture().cancel(false);

        assertThat(scheduler.getQueue()).as("the scheduled start is cancelled with the stage").isEmpty();
        assertThat(starts).hasValue(0);
    }

    @Test
    void aDelayedCallStartsOnTheSchedulerWhenItsPeriodBegins() {
        RateLimiter limiter = limiter(1, Duration.ofMillis(200), Duration.ofSeconds(1));
        limiter.acquirePermission();
        ticker.advance(Duration.ofMillis(170));
        AtomicReference<Thread> startedOn = new AtomicReference<>();

        CompletionStage<String> stage = limiter.executeCompletionStage(() -> {
            startedOn.set(Thread.currentThread());
            return CompletableFuture.completedFuture("late");
        });

        // The scheduler counts real time down: on a loaded machine the start may be due (negative), or have
        // run, already. What matters is that it waits for the rest of the period, not for a whole one.
        RunnableScheduledFuture<?> start = (RunnableScheduledFuture<?>) scheduler.getQueue().peek();
        if (start != null) {
            assertThat(start.getDelay(TimeUnit.NANOSECONDS)).isLessThanOrEqualTo(Duration.ofMillis(30).toNanos());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stage.toCompletableFuture().isDone());
        assertThat(stage.toCompletableFuture()).isCompletedWithValue("late");
        assertThat(startedOn.get()).isNotSameAs(Thread.currentThread());
    }

    @Test
    void aDelayedCallsFailureReachesTheCallerUnwrapped() {
        RateLimiter limiter = limiter(1, Duration.ofMillis(10), Duration.ofSeconds(1));
        limiter.acquirePermission();
        IllegalStateException failure = new IllegalStateException("backend down");

        CompletionStage<String> stage = limiter.executeCompletionStage(
                () -> CompletableFuture.supplyAsync(() -> {
                    throw failure;
                }));

        await().atMost(Duration.ofSeconds(10)).until(() -> stage.toCompletableFuture().isDone());
        assertThatThrownBy(() -> stage.toCompletableFuture().get()).cause().isSameAs(failure);
    }

    @Test
    void aCancelledDelayedCallCancelsTheStartedStage() throws Exception {
        RateLimiter limiter = limiter(1, Duration.ofMillis(10), Duration.ofSeconds(1));
        limiter.acquirePermission();
        CompletableFuture<String> inner = new CompletableFuture<>();

        CompletionStage<String> stage = limiter.executeCompletionStage(() -> inner);
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.getCompletedTaskCount() == 1);
        stage.toCompletableFuture().cancel(true);

        assertThat(inner).isCancelled();
    }

    @Test
    void aSchedulerThatRefusesWorkFailsTheStage() {
        RateLimiter limiter = limiter(1, Duration.ofSeconds(1), Duration.ofSeconds(1));
        limiter.acquirePermission();
        scheduler.shutdown();

        CompletionStage<String> stage = limiter.executeCompletionStage(() -> CompletableFuture.completedFuture("x"));

        assertThatThrownBy(() -> stage.toCompletableFuture().get()).cause()
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void withoutASchedulerTheSharedOneStartsTheCall() {
        RateLimiter limiter = RateLimiter.of("backend", RateLimiterConfig.builder().limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofMillis(5)).timeoutDuration(Duration.ofSeconds(1)).ticker(ticker)
                .build());
        limiter.acquirePermission();

        CompletionStage<String> stage = limiter.executeCompletionStage(() -> CompletableFuture.completedFuture("x"));

        await().atMost(Duration.ofSeconds(10)).until(() -> stage.toCompletableFuture().isDone());
        assertThat(stage.toCompletableFuture()).isCompletedWithValue("x");
    }
}
