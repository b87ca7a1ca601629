package dev.resilience.timeout;

import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Asynchronous calls under a timeout: no thread waits, the returned stage fails at the deadline. */
class TimeoutAsyncTest {

    private final ManualTicker ticker = new ManualTicker();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    TimeoutAsyncTest() {
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private Timeout timeout(Duration duration, boolean cancelRunningFuture) {
        return Timeout.of("backend", TimeoutConfig.builder().timeoutDuration(duration)
                .cancelRunningFuture(cancelRunningFuture).scheduler(scheduler).ticker(ticker).build());
    }

    @Test
    void aPendingTimeoutDoesNotHoldTheSchedulersOnlyThread() throws Exception {
        Timeout timeout = timeout(Duration.ofSeconds(30), true);
        RecordingTimeoutListener listener = new RecordingTimeoutListener();
        timeout.addListener(listener);
        CompletableFuture<String> call = new CompletableFuture<>();

        CompletionStage<String> result = timeout.executeCompletionStage(() -> call);

        // The timer is pending on the single scheduler thread, yet other work runs on that thread meanwhile.
        assertThat(scheduler.getQueue()).hasSize(1);
        Future<String> other = scheduler.submit(() -> Thread.currentThread().getName());
        assertThat(other.get(5, TimeUnit.SECONDS)).isNotEmpty();
        assertThat(result.toCompletableFuture()).isNotDone();

        ticker.advance(Duration.ofMillis(7));
        call.complete("ok");

        assertThat(result.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(scheduler.getQueue()).as("timer cancelled and removed").isEmpty();
        assertThat(listener.calls).containsExactly("success 7000000");
    }

    @Test
    void theCallerIsNeverBlockedEvenByACallThatNeverCompletes() {
        Timeout timeout = timeout(Duration.ofSeconds(30), true);
        CompletionStage<String> result = timeout.executeCompletionStage(CompletableFuture::new);
        assertThat(result.toCompletableFuture()).isNotDone();
        result.toCompletableFuture().cancel(false);
    }

    @Test
    void expiryFailsTheStageAndCancelsTheCall() {
        Timeout timeout = timeout(Duration.ofMillis(20), true);
        RecordingTimeoutListener listener = new RecordingTimeoutListener();
        timeout.addListener(listener);
        CompletableFuture<String> call = new CompletableFuture<>();

        CompletableFuture<String> result = timeout.executeCompletionStage(() -> call).toCompletableFuture();

        await().atMost(Duration.ofSeconds(5)).until(result::isDone);
        assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TimeoutExceededException.class)
                .hasMessage("Timeout 'backend' of 20ms exceeded");
        assertThat(call).isCancelled();
        assertThat(listener.calls).containsExactly("timeout 20000000");
    }

    @Test
    void withoutCancelRunningFutureTheCallIsLeftRunning() {
        Timeout timeout = timeout(Duration.ofMillis(20), false);
        CompletableFuture<String> call = new CompletableFuture<>();

        CompletableFuture<String> result = timeout.executeCompletionStage(() -> call).toCompletableFuture();

        await().atMost(Duration.ofSeconds(5)).until(result::isDone);
        assertThat(result).isCompletedExceptionally();
        assertThat(call).isNotDone();
        call.complete("late");
        assertThatThrownBy(result::join).hasCauseInstanceOf(TimeoutExceededException.class);
    }

    @Test
    void theCallsOwnFailureIsPassedOnUnchanged() {
        Timeout timeout = timeout(Duration.ofSeconds(30), true);
        RecordingTimeoutListener listener = new RecordingTimeoutListener();
        timeout.addListener(listener);
        IOException failure = new IOException("disk");
        CompletableFuture<String> call = new CompletableFuture<>();

        CompletableFuture<String> result = timeout.executeCompletionStage(() -> call).toCompletableFuture();
        // A dependent stage fails with a CompletionException around the failure; the timeout unwraps it.
        call.thenApply(v -> v).whenComplete((v, t) -> { });
        call.completeExceptionally(failure);

        assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class).cause().isSameAs(failure);
        assertThat(listener.calls).containsExactly("error 0 IOException");
        assertThat(scheduler.getQueue()).isEmpty();
    }

    @Test
    void aDependentStagesCompletionExceptionIsUnwrapped() {
        Timeout timeout = timeout(Duration.ofSeconds(30), true);
        IllegalStateException failure = new IllegalStateException("boom");
        CompletableFuture<String> upstream = new CompletableFuture<>();

        CompletableFuture<String> result = timeout.executeCompletionStage(() -> upstream.thenApply(v -> v))
                .toCompletableFuture();
        upstream.completeExceptionally(failure);

        assertThatThrownBy(result::get).cause().isSameAs(failure);
    }

    @Test
    void anAlreadyCompletedCallSchedulesNoTimer() throws Exception {
        Timeout timeout = timeout(Duration.ofSeconds(30), true);
        RecordingTimeoutListener listener = new RecordingTimeoutListener();
        timeout.addListener(listener);
        CompletableFuture<String> done = CompletableFuture.completedFuture("ok");

        CompletionStage<String> result = timeout.executeCompletionStage(() -> done);

        assertThat(result).as("returned as is, nothing to wrap").isSameAs(done);
        assertThat(scheduler.getTaskCount()).isZero();
        assertThat(listener.calls).containsExactly("success 0");
    }

    @Test
    void zeroTimeoutFailsAtOnceWithoutStartingTheCall() {
        Timeout timeout = timeout(Duration.ZERO, true);
        AtomicInteger calls = new AtomicInteger();

        CompletableFuture<String> result = timeout.executeCompletionStage(() -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture("never");
        }).toCompletableFuture();

        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::join).cause().isInstanceOf(TimeoutExceededException.class)
                .hasMessage("Timeout 'backend' of 0ms exceeded");
        assertThat(calls).hasValue(0);
    }

    @Test
    void aSupplierThatThrowsGivesAFailedStage() {
        Timeout timeout = timeout(Duration.ofSeconds(30), true);
        IllegalArgumentException failure = new IllegalArgumentException("bad input");
        CompletionStage<String> result = timeout.executeCompletionStage(() -> {
            throw failure;
        });
        assertThatThrownBy(result.toCompletableFuture()::join).cause().isSameAs(failure);
        assertThat(scheduler.getTaskCount()).isZero();
    }

    @Test
    void cancellingTheReturnedStageCancelsTheCallAndTheTimer() {
        Timeout timeout = timeout(Duration.ofSeconds(30), true);
        CompletableFuture<String> call = new CompletableFuture<>();

        CompletableFuture<String> result = timeout.executeCompletionStage(() -> call).toCompletableFuture();
        assertThat(result.cancel(true)).isTrue();

        assertThat(call).isCancelled();
        assertThat(scheduler.getQueue()).isEmpty();
    }

    @Test
    void aStageWithoutToCompletableFutureTimesOutAndIsLeftAlone() {
        Timeout timeout = timeout(Duration.ofMillis(10), true);
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletionStage<String> minimal = call.minimalCompletionStage();

        CompletableFuture<String> result = timeout.executeCompletionStage(() -> minimal).toCompletableFuture();

        await().atMost(Duration.ofSeconds(5)).until(result::isDone);
        assertThatThrownBy(result::join).cause().isInstanceOf(TimeoutExceededException.class);
    }

    @Test
    void theStartOfTheCallSeesTheTimeoutsDeadline() {
        Timeout timeout = timeout(Duration.ofMillis(300), true);
        AtomicReference<Deadline> seen = new AtomicReference<>();

        timeout.executeCompletionStage(() -> {
            seen.set(Deadline.current().orElseThrow());
            return CompletableFuture.completedFuture("ok");
        });

        assertThat(seen.get().remaining()).isEqualTo(Duration.ofMillis(300));
        assertThat(Deadline.current()).isEmpty();
    }

    @Test
    void aSchedulerThatRejectsGivesAFailedStage() {
        Timeout timeout = Timeout.of("backend", TimeoutConfig.builder()
                .scheduler(Executors.newSingleThreadScheduledExecutor()).build());
        timeout.config().scheduler().shutdownNow();
        CompletionStage<String> result = timeout.executeCompletionStage(CompletableFuture::new);
        assertThat(result.toCompletableFuture()).isCompletedExceptionally();
    }
}
