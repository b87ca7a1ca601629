package dev.resilience.bulkhead;

import dev.resilience.core.event.ResilienceEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Synchronous calls through a semaphore bulkhead. */
class BulkheadTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static Bulkhead bulkhead(int max, Duration wait) {
        return Bulkhead.of("backend", BulkheadConfig.builder().maxConcurrentCalls(max).maxWaitDuration(wait).build());
    }

    /** Occupies one permit of {@code bulkhead} on another thread until {@code release} counts down. */
    private Future<?> occupy(Bulkhead bulkhead, CountDownLatch release) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        Future<?> future = threads.submit(() -> bulkhead.executeCallable(() -> {
            inside.countDown();
            return release.await(10, TimeUnit.SECONDS);
        }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        return future;
    }

    private static void awaitParked(Thread thread) {
        await().atMost(Duration.ofSeconds(5)).until(() -> thread.getState() == Thread.State.TIMED_WAITING
                || thread.getState() == Thread.State.WAITING);
    }

    @Test
    void withZeroWaitACallBeyondTheLimitIsRejectedAtOnce() throws Exception {
        Bulkhead bulkhead = bulkhead(2, Duration.ZERO);
        RecordingBulkheadListener listener = new RecordingBulkheadListener();
        bulkhead.addListener(listener);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> first = occupy(bulkhead, release);
        Future<?> second = occupy(bulkhead, release);
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isZero();

        assertThatThrownBy(() -> bulkhead.executeSupplier(() -> "third"))
                .isInstanceOfSatisfying(BulkheadFullException.class, e -> {
                    assertThat(e.name()).isEqualTo("backend");
                    assertThat(e.getStackTrace()).isEmpty();
                })
                .hasMessage("Bulkhead 'backend' is full and does not permit further calls (max 2 concurrent calls)");

        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(2);
        assertThat(bulkhead.executeSupplier(() -> "later")).isEqualTo("later");
        assertThat(listener.calls).containsExactlyInAnyOrder("permitted", "permitted", "rejected", "finished",
                "finished", "permitted", "finished");
    }

    @Test
    void metrics() {
        Bulkhead bulkhead = bulkhead(3, Duration.ZERO);
        assertThat(bulkhead.metrics().maxAllowedConcurrentCalls()).isEqualTo(3);
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(3);
        bulkhead.acquirePermission();
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(2);
        bulkhead.releasePermission();
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(3);
    }

    @Test
    void theCallsExceptionIsRethrownUnchangedAndThePermitComesBack() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        IOException failure = new IOException("disk");
        assertThatThrownBy(() -> bulkhead.executeCallable(() -> {
            throw failure;
        })).isSameAs(failure);
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void aCallInterruptedWhileRunningGivesItsPermitBack() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        CountDownLatch inside = new CountDownLatch(1);
        Future<?> running = threads.submit(() -> bulkhead.executeCallable(() -> {
            inside.countDown();
            new CountDownLatch(1).await();
            return null;
        }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        running.cancel(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> bulkhead.metrics().availableConcurrentCalls() == 1);
    }

    @Test
    void aWaitingCallGetsTheNextFreePermit() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(10));
        CountDownLatch release = new CountDownLatch(1);
        occupy(bulkhead, release);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<String> waiting = threads.submit(() -> {
            waiter.set(Thread.currentThread());
            return bulkhead.executeSupplier(() -> "got in");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.get() != null);
        awaitParked(waiter.get());

        release.countDown();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("got in");
    }

    @Test
    void aWaitThatRunsOutIsRejectedNamingTheWait() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ofMillis(30));
        CountDownLatch release = new CountDownLatch(1);
        occupy(bulkhead, release);
        try {
            assertThatThrownBy(() -> bulkhead.executeSupplier(() -> "never"))
                    .isInstanceOf(BulkheadFullException.class)
                    .hasMessage("Bulkhead 'backend' is full and does not permit further calls "
                            + "(max 1 concurrent calls; waited 30ms)");
        } finally {
            release.countDown();
        }
    }

    @Test
    void waitingCallsAreServedInArrivalOrder() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(10));
        bulkhead.acquirePermission();
        List<String> order = new CopyOnWriteArrayList<>();
        List<Future<?>> waiters = new CopyOnWriteArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            AtomicReference<Thread> thread = new AtomicReference<>();
            waiters.add(threads.submit(() -> {
                thread.set(Thread.currentThread());
                bulkhead.executeRunnable(() -> order.add(name));
            }));
            await().atMost(Duration.ofSeconds(5)).until(() -> thread.get() != null);
            awaitParked(thread.get());
        }
        bulkhead.releasePermission();
        for (Future<?> waiter : waiters) {
            waiter.get(5, TimeUnit.SECONDS);
        }
        assertThat(order).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aCallInterruptedWhileWaitingTakesNoPermitAndKeepsItsFlag() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        occupy(bulkhead, release);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        AtomicBoolean ran = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                bulkhead.executeRunnable(() -> ran.set(true));
            } catch (Throwable t) {
                thrown.set(t);
            }
            flag.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        awaitParked(caller);
        caller.interrupt();
        caller.join(5_000);

        assertThat(thrown.get()).isInstanceOf(CancellationException.class)
                .hasMessage("Interrupted while waiting for a permit of bulkhead 'backend'; the call was not started")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(flag).isTrue();
        assertThat(ran).isFalse();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> bulkhead.metrics().availableConcurrentCalls() == 1);
    }

    @Test
    void tryAcquirePermissionWithAnInterruptedThreadReturnsFalseAndKeepsTheFlag() {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(30));
        bulkhead.acquirePermission();
        Thread.currentThread().interrupt();
        try {
            assertThat(bulkhead.tryAcquirePermission()).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void lowLevelPermits() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        RecordingBulkheadListener listener = new RecordingBulkheadListener();
        bulkhead.addListener(listener);
        assertThat(bulkhead.tryAcquirePermission()).isTrue();
        assertThat(bulkhead.tryAcquirePermission()).isFalse();
        assertThatThrownBy(bulkhead::acquirePermission).isInstanceOf(BulkheadFullException.class);
        bulkhead.releasePermission();
        assertThat(bulkhead.tryAcquirePermission()).isTrue();
        bulkhead.releasePermission();
        assertThat(listener.calls).containsExactly("permitted", "rejected", "rejected", "finished", "permitted",
                "finished");
    }

    @Test
    void loweringTheLimitLetsCallsInsideFinishAndAdmitsOnlyBelowTheNewLimit() {
        Bulkhead bulkhead = bulkhead(3, Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            bulkhead.acquirePermission();
        }
        bulkhead.reconfigure(BulkheadConfig.from(bulkhead.config()).maxConcurrentCalls(1).build());
        assertThat(bulkhead.metrics().maxAllowedConcurrentCalls()).isEqualTo(1);
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isZero();

        bulkhead.releasePermission(); // 2 inside, limit 1
        assertThat(bulkhead.tryAcquirePermission()).isFalse();
        bulkhead.releasePermission(); // 1 inside, limit 1
        assertThat(bulkhead.tryAcquirePermission()).isFalse();
        bulkhead.releasePermission(); // 0 inside
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
        assertThat(bulkhead.tryAcquirePermission()).isTrue();
        assertThat(bulkhead.tryAcquirePermission()).isFalse();
        bulkhead.releasePermission();
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void raisingTheLimitAdmitsWaitingCalls() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(10));
        bulkhead.acquirePermission();
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<String> waiting = threads.submit(() -> {
            waiter.set(Thread.currentThread());
            return bulkhead.executeSupplier(() -> "in");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.get() != null);
        awaitParked(waiter.get());

        bulkhead.reconfigure(BulkheadConfig.from(bulkhead.config()).maxConcurrentCalls(2).build());

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("in");
        bulkhead.releasePermission();
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(2);
    }

    @Test
    void writableStackTraceOnRequest() {
        Bulkhead bulkhead = Bulkhead.of("backend", BulkheadConfig.builder().maxConcurrentCalls(1)
                .writableStackTraceEnabled(true).build());
        bulkhead.acquirePermission();
        assertThatThrownBy(bulkhead::acquirePermission)
                .isInstanceOfSatisfying(BulkheadFullException.class, e -> assertThat(e.getStackTrace()).isNotEmpty());
    }

    @Test
    void events() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        Bulkhead bulkhead = Bulkhead.of("backend", BulkheadConfig.builder().maxConcurrentCalls(1).clock(clock).build());
        List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
        BulkheadListener adapter = bulkhead.onEvent(events::add);

        bulkhead.executeSupplier(() -> "ok");
        bulkhead.acquirePermission();
        assertThatThrownBy(() -> bulkhead.executeSupplier(() -> "no")).isInstanceOf(BulkheadFullException.class);

        assertThat(events).extracting(ResilienceEvent::toString).containsExactly(
                "2026-01-02T03:04:05Z bulkhead 'backend' CALL_PERMITTED",
                "2026-01-02T03:04:05Z bulkhead 'backend' CALL_FINISHED",
                "2026-01-02T03:04:05Z bulkhead 'backend' CALL_PERMITTED",
                "2026-01-02T03:04:05Z bulkhead 'backend' CALL_REJECTED");
        assertThat(bulkhead.removeListener(adapter)).isTrue();
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheCallNorLeakThePermit() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        bulkhead.addListener(new BulkheadListener() {
            @Override
            public void onPermitted(Bulkhead b) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onFinished(Bulkhead b) {
                throw new IllegalStateException("listener bug");
            }
        });
        assertThat(bulkhead.executeSupplier(() -> "ok")).isEqualTo("ok");
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void registry() {
        BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.builder().maxConcurrentCalls(4).build());
        RecordingBulkheadListener listener = new RecordingBulkheadListener();
        registry.addListener(listener);
        Bulkhead backend = registry.get("backend");
        assertThat(registry.get("backend")).isSameAs(backend);
        assertThat(backend.config().maxConcurrentCalls()).isEqualTo(4);
        backend.executeSupplier(() -> "ok");
        assertThat(listener.calls).containsExactly("permitted", "finished");

        registry.configureInstance("backend", BulkheadConfig.builder().maxConcurrentCalls(9).build());
        assertThat(backend.metrics().maxAllowedConcurrentCalls()).isEqualTo(9);
        assertThat(backend.metrics().availableConcurrentCalls()).isEqualTo(9);
        assertThat(BulkheadRegistry.ofDefaults().get("x").config()).isSameAs(BulkheadConfig.ofDefaults());
    }
}
