package dev.resilience.hardening;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutExceededException;
import dev.resilience.timeout.TimeoutListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener that blocks (a slow log appender, a metrics push) stalls only the thread it runs on: other
 * callers of the same instance, and other instances, go on.
 */
class BlockingListenerTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool(PipelineStress.daemon("blocking"));

    @AfterEach
    void unblock() {
        release.countDown();
        threads.shutdownNow();
    }

    private void block() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBlockedBreakerListenerStallsOnlyItsOwnCaller() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("blocking");
        String blockedThread = "blocked-caller";
        breaker.addListener(new CircuitBreakerListener() {
            @Override
            public void onSuccess(CircuitBreaker circuitBreaker, long durationNanos) {
                if (Thread.currentThread().getName().equals(blockedThread)) {
                    block();
                }
            }
        });
        Thread stalled = new Thread(() -> breaker.executeSupplier(() -> "stalled"), blockedThread);
        stalled.setDaemon(true);
        stalled.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> stalled.getState() == Thread.State.TIMED_WAITING);
        Future<String> other = threads.submit(() -> breaker.executeSupplier(() -> "other"));
        assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo("other");
        breaker.transitionToOpenState();
        breaker.transitionToClosedState();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aBlockedBulkheadOrLimiterListenerStallsOnlyItsOwnCaller() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("blocking", BulkheadConfig.builder().maxConcurrentCalls(2).build());
        RateLimiter limiter = RateLimiter.ofDefaults("blocking");
        String blockedThread = "blocked-caller";
        bulkhead.addListener(new BulkheadListener() {
            @Override
            public void onPermitted(Bulkhead b) {
                if (Thread.currentThread().getName().equals(blockedThread)) {
                    block();
                }
            }
        });
        limiter.addListener(new RateLimiterListener() {
            @Override
            public void onPermitted(RateLimiter r, int permits) {
                if (Thread.currentThread().getName().equals(blockedThread)) {
                    block();
                }
            }
        });
        Thread stalled = new Thread(() -> limiter.executeRunnable(() -> bulkhead.executeSupplier(() -> "x")),
                blockedThread);
        stalled.setDaemon(true);
        stalled.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> stalled.getState() == Thread.State.TIMED_WAITING);
        Future<String> other = threads.submit(() -> limiter.executeSupplier(() -> bulkhead.executeSupplier(() -> "y")));
        assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo("y");
    }

    /**
     * Issue 8 #4: timeouts, automatic transitions, retry delays and bulkhead wait expiries share one timer
     * thread; the timer only keeps time and the work runs on dispatch threads, so a blocked listener delays
     * nothing else.
     */
    @Test
    void aBlockedTimeoutListenerDoesNotDelayAnUnrelatedTimeout() {
        Timeout blocking = Timeout.of("blocking", TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(10))
                .build());
        blocking.addListener(new TimeoutListener() {
            @Override
            public void onTimeout(Timeout timeout, long timeoutNanos) {
                block();
            }
        });
        Timeout unrelated = Timeout.of("unrelated", TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(50))
                .build());
        CompletableFuture<String> first = blocking.executeCompletionStage(CompletableFuture<String>::new)
                .toCompletableFuture();
        await().atMost(Duration.ofSeconds(10)).until(first::isDone);
        CompletableFuture<String> second = unrelated.executeCompletionStage(CompletableFuture<String>::new)
                .toCompletableFuture();
        await().atMost(Duration.ofSeconds(2)).until(second::isDone);
        assertThat(second).isCompletedExceptionally();
        assertThat(second.handle((v, e) -> e).join()).isInstanceOf(TimeoutExceededException.class);
    }
}
