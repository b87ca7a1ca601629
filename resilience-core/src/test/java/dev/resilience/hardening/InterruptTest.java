package dev.resilience.hardening;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.core.Pipeline;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Thread interrupts before and during calls: a pattern that waits (bulkhead, rate limiter, retry, timeout) stops
 * waiting, takes no permit it does not use, gives back what it took, and leaves the interrupt flag set for the
 * code above; a pattern that does not wait leaves the flag alone.
 */
class InterruptTest {

    @AfterEach
    void clearFlag() {
        Thread.interrupted();
    }

    @Test
    void patternsThatDoNotWaitLeaveAPendingInterruptForTheCall() throws Throwable {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("interrupt");
        Bulkhead bulkhead = Bulkhead.ofDefaults("interrupt");
        RateLimiter limiter = RateLimiter.ofDefaults("interrupt");
        Retry retry = Retry.ofDefaults("interrupt");
        Pipeline pipeline = Pipeline.of(retry, breaker, limiter, bulkhead);
        Thread.currentThread().interrupt();
        AtomicBoolean seenByCall = new AtomicBoolean();
        String result = pipeline.execute(() -> {
            seenByCall.set(Thread.currentThread().isInterrupted());
            return "ran";
        });
        assertThat(result).isEqualTo("ran");
        assertThat(seenByCall).as("the call saw the caller's interrupt").isTrue();
        assertThat(Thread.interrupted()).as("flag still set after the call").isTrue();
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(25);
    }

    @Test
    void interruptedBeforeWaitingForABulkheadPermitTakesNone() {
        Bulkhead bulkhead = Bulkhead.of("interrupt", BulkheadConfig.builder().maxConcurrentCalls(1)
                .maxWaitDuration(Duration.ofSeconds(30)).build());
        bulkhead.acquirePermission();
        Thread.currentThread().interrupt();
        AtomicBoolean ran = new AtomicBoolean();
        Throwable thrown = catchThrowable(() -> bulkhead.executeSupplier(() -> ran.getAndSet(true)));
        assertThat(thrown).isInstanceOf(CancellationException.class).hasCauseInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isTrue();
        assertThat(ran).isFalse();
        bulkhead.releasePermission();
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void interruptedWhileWaitingForABulkheadPermit() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("interrupt", BulkheadConfig.builder().maxConcurrentCalls(1)
                .maxWaitDuration(Duration.ofMinutes(5)).build());
        bulkhead.acquirePermission();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            thrown.set(catchThrowable(() -> bulkhead.executeSupplier(() -> "never")));
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        waiter.start();
        awaitParked(waiter);
        waiter.interrupt();
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(thrown.get()).isInstanceOf(CancellationException.class);
        assertThat(flagAfter).isTrue();
        bulkhead.releasePermission();
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void interruptedWhileRunningInsideABulkheadGivesThePermitBack() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("interrupt", BulkheadConfig.builder().maxConcurrentCalls(1).build());
        CountDownLatch inside = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> thrown.set(catchThrowable(() -> bulkhead.executeCallable(() -> {
            inside.countDown();
            new CountDownLatch(1).await(); // until interrupted
            return "never";
        }))));
        caller.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void interruptedWhileWaitingForARateLimiterPermit() throws Exception {
        RateLimiter limiter = RateLimiter.of("interrupt", RateLimiterConfig.builder().limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofMinutes(10)).timeoutDuration(Duration.ofMinutes(20)).build());
        assertThat(limiter.tryAcquirePermission()).isTrue();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        AtomicBoolean ran = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            thrown.set(catchThrowable(() -> limiter.executeSupplier(() -> ran.getAndSet(true))));
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        waiter.start();
        awaitParked(waiter);
        waiter.interrupt();
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(thrown.get()).isInstanceOf(RateLimitExceededException.class)
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(flagAfter).isTrue();
        assertThat(ran).isFalse();
        assertThat(limiter.metrics().numberOfWaitingThreads()).isZero();
    }

    @Test
    void interruptedWhileRetryWaitsStopsRetryingAndKeepsTheFailure() throws Exception {
        Retry retry = Retry.of("interrupt", RetryConfig.builder().maxAttempts(5)
                .waitDuration(Duration.ofMinutes(10)).build());
        IllegalStateException failure = new IllegalStateException("down");
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            thrown.set(catchThrowable(() -> retry.executeRunnable(() -> {
                attempts.incrementAndGet();
                throw failure;
            })));
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        awaitParked(caller);
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(thrown.get()).isSameAs(failure);
        assertThat(failure.getSuppressed()).hasAtLeastOneElementOfType(InterruptedException.class);
        assertThat(attempts).hasValue(1);
        assertThat(flagAfter).isTrue();
        assertThat(retry.metrics().failedCallsWithoutRetry() + retry.metrics().failedCallsWithRetry()).isEqualTo(1);
    }

    @Test
    void interruptedWhileWaitingForATimedCallCancelsItAndKeepsTheFlag() throws Exception {
        Timeout timeout = Timeout.of("interrupt", TimeoutConfig.builder().timeoutDuration(Duration.ofMinutes(5))
                .build());
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean callInterrupted = new AtomicBoolean();
        CountDownLatch callEnded = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            thrown.set(catchThrowable(() -> timeout.executeCallable(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    callInterrupted.set(true);
                    throw e;
                } finally {
                    callEnded.countDown();
                }
                return "never";
            })));
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOfAny(CancellationException.class, InterruptedException.class);
        assertThat(flagAfter.get() || thrown.get() instanceof InterruptedException)
                .as("the interrupt is visible to the caller: flag set, or InterruptedException thrown").isTrue();
        // The call itself was stopped, wherever it ran.
        assertThat(callEnded.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(callInterrupted).isTrue();
    }

    @Test
    void aTimeoutThatFiresLeavesNoInterruptOnTheCaller() throws Throwable {
        Timeout timeout = Timeout.of("interrupt", TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(20))
                .build());
        // The next call gets a generous budget: only a leaked interrupt may fail it, not a busy machine.
        Timeout next = Timeout.of("next", TimeoutConfig.builder().timeoutDuration(Duration.ofSeconds(30)).build());
        for (int i = 0; i < 20; i++) {
            Throwable thrown = catchThrowable(() -> timeout.executeCallable(() -> {
                new CountDownLatch(1).await(); // until the timeout interrupts it
                return "never";
            }));
            assertThat(thrown).isInstanceOf(dev.resilience.timeout.TimeoutExceededException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("stray interrupt after timeout " + i).isFalse();
            assertThat(next.executeSupplier(() -> Thread.currentThread().isInterrupted()))
                    .as("interrupt seen by the next call").isFalse();
        }
    }

    private static void awaitParked(Thread thread) {
        await().atMost(Duration.ofSeconds(10)).until(() -> thread.getState() == Thread.State.WAITING
                || thread.getState() == Thread.State.TIMED_WAITING);
    }
}
