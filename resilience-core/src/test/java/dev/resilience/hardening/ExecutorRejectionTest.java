package dev.resilience.hardening;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.testing.ManualTicker;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A scheduler or executor that rejects work (shut down, saturated): every pattern keeps its accounting, never
 * hangs the caller, and never runs a call whose caller was already told it failed.
 */
class ExecutorRejectionTest {

    /** A real scheduler, shut down: every {@code schedule} throws {@link RejectedExecutionException}. */
    private final ScheduledExecutorService rejecting = Executors.newSingleThreadScheduledExecutor();
    private final ManualTicker ticker = new ManualTicker();

    ExecutorRejectionTest() {
        rejecting.shutdown();
    }

    @AfterEach
    void noInterruptLeft() {
        assertThat(Thread.interrupted()).as("interrupt flag of the test thread").isFalse();
    }

    @Test
    void breakerWhoseAutomaticTransitionCannotBeScheduledStillMovesOnLazily() {
        CircuitBreaker breaker = CircuitBreaker.of("rejected", CircuitBreakerConfig.builder().ticker(ticker)
                .scheduler(rejecting).automaticTransitionFromOpenToHalfOpenEnabled(true)
                .maxWaitDurationInHalfOpenState(Duration.ofSeconds(1))
                .waitDurationInOpenState(Duration.ofSeconds(5)).permittedNumberOfCallsInHalfOpenState(1).build());
        breaker.transitionToOpenState();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        ticker.advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        // HALF_OPEN's max wait could not be scheduled either: the next permission request ends it.
        ticker.advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void asyncRetryWhoseNextAttemptCannotBeScheduledEndsWithTheLastFailure() {
        Retry retry = Retry.of("rejected", RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ofMillis(1))
                .scheduler(rejecting).build());
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("down");
        CompletableFuture<String> result = retry.executeCompletionStage(() -> {
            attempts.incrementAndGet();
            return CompletableFuture.<String>failedFuture(failure);
        }).toCompletableFuture();
        Throwable thrown = catchThrowable(() -> result.get(5, TimeUnit.SECONDS));
        assertThat(thrown).hasCause(failure);
        assertThat(failure.getSuppressed()).hasAtLeastOneElementOfType(RejectedExecutionException.class);
        assertThat(attempts).hasValue(1);
        assertThat(retry.metrics().failedCallsWithoutRetry() + retry.metrics().failedCallsWithRetry()).isEqualTo(1);
    }

    @Test
    void asyncBulkheadWaiterWhoseExpiryCannotBeScheduledIsNeverStartedLater() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("rejected", BulkheadConfig.builder().maxConcurrentCalls(1)
                .maxWaitDuration(Duration.ofSeconds(1)).scheduler(rejecting).build());
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> running = bulkhead.executeCompletionStage(() -> first).toCompletableFuture();

        AtomicInteger secondStarted = new AtomicInteger();
        CompletableFuture<String> second = bulkhead.executeCompletionStage(() -> {
            secondStarted.incrementAndGet();
            return CompletableFuture.completedFuture("second");
        }).toCompletableFuture();

        first.complete("first");
        assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        if (second.isCompletedExceptionally()) {
            // The caller was told the call failed: it must never run behind the caller's back.
            assertThat(catchThrowable(second::join)).hasRootCauseInstanceOf(RejectedExecutionException.class);
            assertThat(secondStarted).as("calls started after their caller got a failure").hasValue(0);
        } else {
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
            assertThat(secondStarted).hasValue(1);
        }
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
        // And the bulkhead still admits calls.
        assertThat(bulkhead.executeSupplier(() -> "after")).isEqualTo("after");
    }

    /**
     * A scheduler that refuses the deadline: the caller is told at once (RejectedExecutionException) and the call
     * it started is cancelled, so nothing runs on unobserved after its caller got a failure.
     */
    @Test
    void asyncTimeoutWhoseTimerCannotBeScheduledCancelsTheCallItReportsAsFailed() throws Exception {
        Timeout timeout = Timeout.of("rejected", TimeoutConfig.builder().timeoutDuration(Duration.ofSeconds(1))
                .scheduler(rejecting).build());
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> result = timeout.executeCompletionStage(() -> {
            started.incrementAndGet();
            return call;
        }).toCompletableFuture();

        assertThat(catchThrowable(result::join)).hasRootCauseInstanceOf(RejectedExecutionException.class);
        if (started.get() == 1) {
            assertThat(call).as("the call its caller was told failed").isCancelled();
        }
    }

    @Test
    void syncTimeoutWithARejectingExecutorFailsTheCallWithoutHanging() {
        Executor rejectingExecutor = task -> {
            throw new RejectedExecutionException("saturated");
        };
        Timeout timeout = Timeout.of("rejected", TimeoutConfig.builder().timeoutDuration(Duration.ofSeconds(30))
                .executor(rejectingExecutor).build());
        AtomicInteger runs = new AtomicInteger();
        Throwable thrown = catchThrowable(() -> timeout.executeSupplier(() -> {
            runs.incrementAndGet();
            return "ran";
        }));
        // Either the call ran on the caller's thread (no executor needed) or it was refused at once; it was not lost.
        if (thrown == null) {
            assertThat(runs).hasValue(1);
        } else {
            assertThat(thrown).isInstanceOf(RejectedExecutionException.class);
            assertThat(runs).hasValue(0);
        }
    }

    @Test
    void asyncRateLimiterWhoseDelayedStartCannotBeScheduledNeverStartsTheCall() {
        RateLimiter limiter = RateLimiter.of("rejected", RateLimiterConfig.builder().ticker(ticker).limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ofSeconds(5))
                .scheduler(rejecting).build());
        assertThat(limiter.tryAcquirePermission()).isTrue();
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<String> result = limiter.executeCompletionStage(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("late");
        }).toCompletableFuture();
        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::join).hasRootCauseInstanceOf(RejectedExecutionException.class);
        assertThat(started).hasValue(0);
    }
}
