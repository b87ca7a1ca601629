package dev.resilience.core.internal;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutExceededException;
import dev.resilience.timeout.TimeoutListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared scheduler's thread only keeps time; what is due runs on the dispatch threads, so one blocking
 * listener cannot stall every other timer of the JVM (issue 8, defect 4).
 */
class SharedSchedulerTest {

    /** Holds the blocking listeners; released after each test so no thread stays blocked. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseBlockedListeners() {
        release.countDown();
    }

    private void block() {
        try {
            release.await(30, TimeUnit.SECONDS); // "sleeps" until the test is over: far longer than 3 s
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTimeoutListenerThatBlocksDoesNotDelayAnUnrelatedAsynchronousTimeout() {
        CountDownLatch blocking = new CountDownLatch(1);
        Timeout stuck = Timeout.of("stuck", TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(10)).build());
        stuck.addListener(new TimeoutListener() {
            @Override
            public void onTimeout(Timeout timeout, long timeoutNanos) {
                blocking.countDown();
                block();
            }
        });
        Timeout unrelated = Timeout.of("unrelated",
                TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(50)).build());

        stuck.executeCompletionStage(CompletableFuture::new);
        await().atMost(Duration.ofSeconds(5)).until(() -> blocking.getCount() == 0);
        long start = System.nanoTime();
        CompletableFuture<Object> result = unrelated.executeCompletionStage(CompletableFuture::new)
                .toCompletableFuture();

        await().atMost(Duration.ofSeconds(1)).until(result::isCompletedExceptionally);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(result.handle((value, failure) -> failure).join())
                .isInstanceOf(TimeoutExceededException.class).hasMessage("Timeout 'unrelated' of 50ms exceeded");
    }

    @Test
    void aBreakerListenerBlockingInAnAutomaticTransitionDoesNotDelayATimeout() {
        CircuitBreaker breaker = CircuitBreaker.of("auto", CircuitBreakerConfig.builder()
                .waitDurationInOpenState(Duration.ofMillis(10))
                .automaticTransitionFromOpenToHalfOpenEnabled(true).build());
        CountDownLatch blocking = new CountDownLatch(1);
        breaker.addListener(new CircuitBreakerListener() {
            @Override
            public void onStateTransition(CircuitBreaker circuitBreaker, CircuitBreaker.State from,
                    CircuitBreaker.State to) {
                if (to == CircuitBreaker.State.HALF_OPEN) {
                    blocking.countDown();
                    block();
                }
            }
        });
        Timeout timeout = Timeout.of("other", TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(50)).build());

        breaker.transitionToOpenState();
        await().atMost(Duration.ofSeconds(5)).until(() -> blocking.getCount() == 0);
        CompletableFuture<Object> result = timeout.executeCompletionStage(CompletableFuture::new).toCompletableFuture();

        await().atMost(Duration.ofSeconds(1)).until(result::isCompletedExceptionally);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void dueTasksRunOnTheDispatchThreadsNotOnTheSchedulerThread() throws Exception {
        AtomicReference<String> ranOn = new AtomicReference<>();
        SharedScheduler.get().schedule(() -> ranOn.set(Thread.currentThread().getName()), 1, TimeUnit.MILLISECONDS);
        ScheduledFuture<String> callable = SharedScheduler.get().schedule(
                (Callable<String>) () -> Thread.currentThread().getName(), 1, TimeUnit.MILLISECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> ranOn.get() != null);
        assertThat(ranOn.get()).startsWith("resilience-dispatch-");
        assertThat(callable.get(5, TimeUnit.SECONDS)).startsWith("resilience-dispatch-");
        assertThat(callable.isDone()).isTrue();
    }

    @Test
    void aCancelledTaskNeverRuns() {
        AtomicReference<String> ran = new AtomicReference<>();
        ScheduledFuture<?> task = SharedScheduler.get().schedule(() -> ran.set("ran"), 50, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> marker = SharedScheduler.get().schedule(() -> { }, 100, TimeUnit.MILLISECONDS);

        assertThat(task.cancel(false)).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(marker::isDone);
        assertThat(ran.get()).isNull();
    }
}
