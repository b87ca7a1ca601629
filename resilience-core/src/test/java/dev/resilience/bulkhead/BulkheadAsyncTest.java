package dev.resilience.bulkhead;

import dev.resilience.timeout.Deadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Asynchronous calls through a semaphore bulkhead: nothing blocks, the permit follows the call's stage. */
class BulkheadAsyncTest {

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    BulkheadAsyncTest() {
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private Bulkhead bulkhead(int max, Duration wait) {
        return Bulkhead.of("backend", BulkheadConfig.builder().maxConcurrentCalls(max).maxWaitDuration(wait)
                .scheduler(scheduler).build());
    }

    @Test
    void thePermitIsHeldUntilTheStageCompletes() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        RecordingBulkheadListener listener = new RecordingBulkheadListener();
        bulkhead.addListener(listener);
        CompletableFuture<String> call = new CompletableFuture<>();

        CompletionStage<String> result = bulkhead.executeCompletionStage(() -> call);
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isZero();

        call.complete("ok");
        assertThat(result.toCompletableFuture().get()).isEqualTo("ok");
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
        assertThat(listener.calls).containsExactly("permitted", "finished");
    }

    @Test
    void aFailedStagePassesTheFailureOnUnchangedAndReleases() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        IOException failure = new IOException("disk");

        CompletionStage<String> result = bulkhead.executeCompletionStage(
                () -> CompletableFuture.completedFuture("x").thenApply(v -> {
                    throw new CompletionException(failure);
                }));

        assertThatThrownBy(result.toCompletableFuture()::get).isInstanceOf(ExecutionException.class)
                .cause().isSameAs(failure);
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void aSupplierThatThrowsGivesAFailedStageAndReleases() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        IllegalArgumentException failure = new IllegalArgumentException("bad");
        CompletionStage<String> result = bulkhead.executeCompletionStage(() -> {
            throw failure;
        });
        assertThatThrownBy(result.toCompletableFuture()::join).cause().isSameAs(failure);
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void withZeroWaitAFullBulkheadFailsTheStageAtOnce() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        bulkhead.executeCompletionStage(CompletableFuture::new);
        AtomicInteger started = new AtomicInteger();

        CompletionStage<String> rejected = bulkhead.executeCompletionStage(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("never");
        });

        assertThatThrownBy(rejected.toCompletableFuture()::join).cause().isInstanceOf(BulkheadFullException.class)
                .hasMessage("Bulkhead 'backend' is full and does not permit further calls (max 1 concurrent calls)");
        assertThat(started).hasValue(0);
    }

    @Test
    void aWaitingAsynchronousCallDoesNotBlockAndStartsWhenAPermitFrees() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(30));
        CompletableFuture<String> first = new CompletableFuture<>();
        bulkhead.executeCompletionStage(() -> first);
        AtomicInteger started = new AtomicInteger();

        CompletionStage<String> second = bulkhead.executeCompletionStage(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("second");
        });

        // The caller got its stage back at once; the call waits in the queue, not on a thread.
        assertThat(second.toCompletableFuture()).isNotDone();
        assertThat(started).hasValue(0);
        assertThat(scheduler.getQueue()).hasSize(1);

        first.complete("first");

        assertThat(second.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(started).hasValue(1);
        assertThat(scheduler.getQueue()).as("wait timer cancelled").isEmpty();
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void asynchronousWaitersStartInArrivalOrder() {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(30));
        CompletableFuture<String> first = new CompletableFuture<>();
        bulkhead.executeCompletionStage(() -> first);
        List<String> order = new ArrayList<>();
        List<CompletableFuture<String>> gates = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            CompletableFuture<String> gate = new CompletableFuture<>();
            gates.add(gate);
            bulkhead.executeCompletionStage(() -> {
                order.add(name);
                return gate;
            });
        }
        first.complete("done");
        assertThat(order).containsExactly("a");
        gates.get(0).complete("a");
        assertThat(order).containsExactly("a", "b");
        gates.get(1).complete("b");
        gates.get(2).complete("c");
        assertThat(order).containsExactly("a", "b", "c");
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void aCallThatCompletesInsideTheDrainDoesNotRecurse() {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(30));
        CompletableFuture<String> first = new CompletableFuture<>();
        bulkhead.executeCompletionStage(() -> first);
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            results.add(bulkhead.<String>executeCompletionStage(() -> CompletableFuture.completedFuture("x"))
                    .toCompletableFuture());
        }
        first.complete("go");
        assertThat(results).allMatch(f -> f.join().equals("x"));
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void anAsynchronousWaitThatRunsOutFailsTheStage() {
        Bulkhead bulkhead = bulkhead(1, Duration.ofMillis(20));
        RecordingBulkheadListener listener = new RecordingBulkheadListener();
        bulkhead.addListener(listener);
        bulkhead.executeCompletionStage(CompletableFuture::new);

        CompletableFuture<String> waiting = bulkhead.<String>executeCompletionStage(
                () -> CompletableFuture.completedFuture("never")).toCompletableFuture();

        await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
        assertThatThrownBy(waiting::join).cause().isInstanceOf(BulkheadFullException.class)
                .hasMessage("Bulkhead 'backend' is full and does not permit further calls "
                        + "(max 1 concurrent calls; waited 20ms)");
        assertThat(listener.calls).containsExactly("permitted", "rejected");
    }

    @Test
    void cancellingARunningCallsStageReleasesThePermitAndCancelsTheCall() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        RecordingBulkheadListener listener = new RecordingBulkheadListener();
        bulkhead.addListener(listener);
        CompletableFuture<String> call = new CompletableFuture<>();

        CompletableFuture<String> result = bulkhead.executeCompletionStage(() -> call).toCompletableFuture();
        assertThat(result.cancel(true)).isTrue();

        assertThat(call).isCancelled();
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
        assertThat(listener.calls).containsExactly("permitted", "finished");
    }

    @Test
    void cancellingAWaitingCallsStageRemovesItFromTheQueue() {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(30));
        CompletableFuture<String> first = new CompletableFuture<>();
        bulkhead.executeCompletionStage(() -> first);
        AtomicInteger started = new AtomicInteger();

        CompletableFuture<String> waiting = bulkhead.<String>executeCompletionStage(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("never");
        }).toCompletableFuture();
        waiting.cancel(false);
        first.complete("done");

        assertThat(started).hasValue(0);
        assertThat(scheduler.getQueue()).isEmpty();
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void aQueuedCallStartedByAnotherThreadSeesItsCallersDeadline() throws Throwable {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(30));
        bulkhead.acquirePermission();
        Deadline deadline = Deadline.after(Duration.ofSeconds(30));
        CompletionStage<Deadline> waiting = Deadline.run(deadline, () -> bulkhead.executeCompletionStage(
                () -> CompletableFuture.completedFuture(Deadline.current().orElse(null))));

        Thread releaser = new Thread(bulkhead::releasePermission);
        releaser.start();
        releaser.join(5_000);

        assertThat(waiting.toCompletableFuture().get(5, TimeUnit.SECONDS)).isSameAs(deadline);
    }

    @Test
    void aSynchronousReleaseStartsAQueuedAsynchronousCall() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(30));
        bulkhead.acquirePermission();
        CompletionStage<String> waiting = bulkhead.executeCompletionStage(() -> CompletableFuture.completedFuture("in"));
        bulkhead.releasePermission();
        assertThat(waiting.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("in");
    }
}
