package dev.resilience.timeout;

import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Synchronous calls under a timeout, in the default caller mode unless a test says worker mode. Timeouts expire
 * on calls that block until interrupted, never on sleeps.
 */
class TimeoutTest {

    private final ManualTicker ticker = new ManualTicker();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private TimeoutConfig.Builder config(Duration timeout) {
        return TimeoutConfig.builder().timeoutDuration(timeout).ticker(ticker);
    }

    private TimeoutConfig.Builder workerConfig(Duration timeout) {
        return config(timeout).mode(TimeoutConfig.Mode.WORKER);
    }

    /** A call that blocks until interrupted, counting down {@code interrupted} when it is. */
    private static String blockUntilInterrupted(CountDownLatch started, CountDownLatch interrupted)
            throws InterruptedException {
        started.countDown();
        try {
            new CountDownLatch(1).await();
            throw new AssertionError("unreachable");
        } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
        }
    }

    @Test
    void successReturnsTheValueAndReportsTheDuration() {
        Timeout timeout = Timeout.of("backend", config(Duration.ofSeconds(10)).build());
        RecordingTimeoutListener listener = new RecordingTimeoutListener();
        timeout.addListener(listener);

        String result = timeout.executeSupplier(() -> {
            ticker.advance(Duration.ofMillis(5));
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(listener.calls).containsExactly("success 5000000");
    }

    @Test
    void byDefaultTheCallRunsOnTheCallersThread() {
        Timeout timeout = Timeout.of("backend", config(Duration.ofSeconds(10)).build());
        assertThat(timeout.config().mode()).isEqualTo(TimeoutConfig.Mode.CALLER);
        assertThat(timeout.executeSupplier(Thread::currentThread)).isSameAs(Thread.currentThread());
    }

    @Test
    void inWorkerModeTheCallRunsOnAWorkerThread() {
        Timeout timeout = Timeout.of("backend", workerConfig(Duration.ofSeconds(10)).build());
        Thread caller = Thread.currentThread();
        Thread worker = timeout.executeSupplier(Thread::currentThread);
        assertThat(worker).isNotSameAs(caller);
    }

    @ParameterizedTest
    @EnumSource(TimeoutConfig.Mode.class)
    void theCallsOwnExceptionIsRethrownUnchanged(TimeoutConfig.Mode mode) {
        Timeout timeout = Timeout.of("backend", config(Duration.ofSeconds(10)).mode(mode).build());
        RecordingTimeoutListener listener = new RecordingTimeoutListener();
        timeout.addListener(listener);
        IOException failure = new IOException("disk");

        assertThatThrownBy(() -> timeout.executeCallable(() -> {
            throw failure;
        })).isSameAs(failure);
        assertThat(listener.calls).containsExactly("error 0 IOException");
    }

    @ParameterizedTest
    @EnumSource(TimeoutConfig.Mode.class)
    void errorsAreRethrownUnchangedToo(TimeoutConfig.Mode mode) {
        Timeout timeout = Timeout.of("backend", config(Duration.ofSeconds(10)).mode(mode).build());
        StackOverflowError error = new StackOverflowError("deep");
        assertThatThrownBy(() -> timeout.executeRunnable(() -> {
            throw error;
        })).isSameAs(error);
    }

    /** Issue 8, defect 9: the JDK's ExecutionException calls the failure's toString(), which may throw. */
    @ParameterizedTest
    @EnumSource(TimeoutConfig.Mode.class)
    void anExceptionWhoseToStringThrowsStillReachesTheCallerItself(TimeoutConfig.Mode mode) {
        Timeout timeout = Timeout.of("backend", config(Duration.ofSeconds(10)).mode(mode).build());
        RecordingTimeoutListener listener = new RecordingTimeoutListener();
        timeout.addListener(listener);
        RuntimeException hostile = new HostileToString();

        Throwable thrown = catchThrowable(() -> timeout.executeSupplier(() -> {
            throw hostile;
        }));

        // Compared by identity and described by class name: AssertJ's own messages would call toString().
        assertThat(thrown == hostile).as("the caller got the call's own exception, not a "
                + (thrown == null ? null : thrown.getClass().getName())).isTrue();
        assertThat(listener.calls).containsExactly("error 0 HostileToString");
    }

    /** An exception whose {@code toString()} (and so any message built from it) throws. */
    static final class HostileToString extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            throw new IllegalStateException("toString() is broken");
        }
    }

    @ParameterizedTest
    @EnumSource(TimeoutConfig.Mode.class)
    void expiryThrowsAndInterruptsTheCall(TimeoutConfig.Mode mode) throws InterruptedException {
        Timeout timeout = Timeout.of("backend", config(Duration.ofMillis(50)).mode(mode).build());
        RecordingTimeoutListener listener = new RecordingTimeoutListener();
        timeout.addListener(listener);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);

        assertThatThrownBy(() -> timeout.executeCallable(() -> blockUntilInterrupted(started, interrupted)))
                .isInstanceOfSatisfying(TimeoutExceededException.class, e -> {
                    assertThat(e.name()).isEqualTo("backend");
                    assertThat(e.timeout()).isEqualTo(Duration.ofMillis(50));
                    assertThat(e.deadlineExceeded()).isFalse();
                    assertThat(e.getStackTrace()).isNotEmpty();
                })
                .hasMessage("Timeout 'backend' of 50ms exceeded");

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.calls).containsExactly("timeout 50000000");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void withoutCancelRunningFutureTheWorkerRunsOnUninterrupted() throws InterruptedException {
        Timeout timeout = Timeout.of("backend", workerConfig(Duration.ofMillis(20)).cancelRunningFuture(false).build());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean wasInterrupted = new AtomicBoolean();

        assertThatThrownBy(() -> timeout.executeRunnable(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                wasInterrupted.set(true);
            }
            finished.countDown();
        })).isInstanceOf(TimeoutExceededException.class);

        release.countDown();
        assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(wasInterrupted).isFalse();
    }

    @Test
    void zeroTimeoutTimesOutAtOnceWithoutStartingTheCall() {
        Timeout timeout = Timeout.of("backend", config(Duration.ZERO).build());
        RecordingTimeoutListener listener = new RecordingTimeoutListener();
        timeout.addListener(listener);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> timeout.executeSupplier(calls::incrementAndGet))
                .isInstanceOf(TimeoutExceededException.class)
                .hasMessage("Timeout 'backend' of 0ms exceeded");

        assertThat(calls).hasValue(0);
        assertThat(listener.calls).containsExactly("timeout 0");
    }

    @Test
    void inWorkerModeAnInterruptedCallerCancelsTheCallAndKeepsItsInterruptFlag() throws Exception {
        Timeout timeout = Timeout.of("backend", workerConfig(Duration.ofSeconds(30)).build());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfterwards = new AtomicBoolean();

        Thread caller = new Thread(() -> {
            try {
                timeout.executeCallable(() -> blockUntilInterrupted(started, interrupted));
            } catch (Throwable t) {
                thrown.set(t);
            }
            flagAfterwards.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(5_000);

        assertThat(thrown.get()).isInstanceOf(CancellationException.class)
                .hasMessage("Interrupted while waiting for a call under timeout 'backend'; the call was cancelled")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(flagAfterwards).isTrue();
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theTaskDecoratorCarriesTheCallersContextToTheWorker() {
        ThreadLocal<String> context = new ThreadLocal<>();
        TimeoutConfig config = workerConfig(Duration.ofSeconds(10)).taskDecorator(task -> {
            String captured = context.get();
            return () -> {
                context.set(captured);
                try {
                    task.run();
                } finally {
                    context.remove();
                }
            };
        }).build();
        Timeout timeout = Timeout.of("backend", config);

        context.set("request-42");
        try {
            assertThat(timeout.executeSupplier(context::get)).isEqualTo("request-42");
        } finally {
            context.remove();
        }
    }

    @Test
    void aGivenExecutorRunsTheCalls() {
        AtomicInteger submitted = new AtomicInteger();
        Timeout timeout = Timeout.of("backend", workerConfig(Duration.ofSeconds(10)).executor(task -> {
            submitted.incrementAndGet();
            threads.execute(task);
        }).build());
        assertThat(timeout.executeSupplier(() -> "ok")).isEqualTo("ok");
        assertThat(submitted).hasValue(1);
    }

    @Test
    void anExecutorThatRejectsMakesTheCallThrowItsRejection() {
        RejectedExecutionException rejection = new RejectedExecutionException("full");
        Timeout timeout = Timeout.of("backend", workerConfig(Duration.ofSeconds(10)).executor(task -> {
            throw rejection;
        }).build());
        assertThatThrownBy(() -> timeout.executeSupplier(() -> "ok")).isSameAs(rejection);
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheCall() {
        Timeout timeout = Timeout.of("backend", config(Duration.ofSeconds(10)).build());
        timeout.addListener(new TimeoutListener() {
            @Override
            public void onSuccess(Timeout t, long durationNanos) {
                throw new IllegalStateException("listener bug");
            }
        });
        RecordingTimeoutListener second = new RecordingTimeoutListener();
        timeout.addListener(second);

        assertThat(timeout.executeSupplier(() -> "ok")).isEqualTo("ok");
        assertThat(second.calls).containsExactly("success 0");
    }

    @Test
    void eventsCarryPatternNameTypeAndTheClocksTime() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        Timeout timeout = Timeout.of("backend", config(Duration.ofSeconds(10)).clock(clock).build());
        List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
        TimeoutListener adapter = timeout.onEvent(events::add);

        timeout.executeSupplier(() -> "ok");
        assertThatThrownBy(() -> timeout.executeSupplier(() -> {
            throw new IllegalArgumentException("bad");
        })).isInstanceOf(IllegalArgumentException.class);
        timeout.reconfigure(TimeoutConfig.from(timeout.config()).timeoutDuration(Duration.ZERO).build());
        assertThatThrownBy(() -> timeout.executeSupplier(() -> "never")).isInstanceOf(TimeoutExceededException.class);

        assertThat(events).extracting(ResilienceEvent::toString).containsExactly(
                "2026-01-02T03:04:05Z timeout 'backend' SUCCESS {duration=PT0S}",
                "2026-01-02T03:04:05Z timeout 'backend' ERROR {duration=PT0S, exception=java.lang.IllegalArgumentException, message=bad}",
                "2026-01-02T03:04:05Z timeout 'backend' TIMEOUT {timeout=PT0S}");

        assertThat(timeout.removeListener(adapter)).isTrue();
        assertThatThrownBy(() -> timeout.executeSupplier(() -> "never")).isInstanceOf(TimeoutExceededException.class);
        assertThat(events).hasSize(3);
    }

    @Test
    void reconfigureAppliesToLaterCallsAndKeepsListeners() {
        Timeout timeout = Timeout.of("backend", config(Duration.ofSeconds(10)).build());
        RecordingTimeoutListener listener = new RecordingTimeoutListener();
        timeout.addListener(listener);

        timeout.reconfigure(config(Duration.ZERO).build());

        assertThat(timeout.config().timeoutDuration()).isZero();
        assertThatThrownBy(() -> timeout.executeSupplier(() -> "never")).isInstanceOf(TimeoutExceededException.class);
        assertThat(listener.calls).containsExactly("timeout 0");
    }

    @Test
    void ofDefaults() {
        Timeout timeout = Timeout.ofDefaults("backend");
        assertThat(timeout.name()).isEqualTo("backend");
        assertThat(timeout.config()).isSameAs(TimeoutConfig.ofDefaults());
        assertThat(timeout)
                .hasToString("Timeout 'backend' TimeoutConfig[timeoutDuration=1s, cancelRunningFuture=true, mode=caller]");
    }
}
