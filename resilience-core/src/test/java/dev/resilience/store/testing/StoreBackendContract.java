package dev.resilience.store.testing;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.ratelimiter.spi.Acquisition;
import dev.resilience.store.spi.BreakerRecord;
import dev.resilience.store.spi.BreakerWrite;
import dev.resilience.store.spi.LimiterReply;
import dev.resilience.store.spi.OutcomeCounts;
import dev.resilience.store.spi.StoreBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link StoreBackend} must do, checked against a real server: extend it, and return a new
 * connection to the server under test from {@link #connect()}. Each test uses names of its own, so a server
 * may be shared by the tests of a class.
 *
 * <p>Periods of the rate-limiter tests that must stay within one period are one day long: periods are cut on
 * the store's clock, and a test crossing a period boundary would see two periods' permits.
 */
public abstract class StoreBackendContract {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final long DAY = TimeUnit.DAYS.toNanos(1);
    private final List<StoreBackend> connections = new ArrayList<>();

    /** A new connection to the server under test. */
    protected abstract StoreBackend newConnection();

    protected StoreBackend connect() {
        StoreBackend backend = newConnection();
        connections.add(backend);
        return backend;
    }

    protected static String unique(String base) {
        return base + "-" + NAMES.incrementAndGet() + "-" + System.nanoTime();
    }

    protected static <T> T get(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the store did not answer", e);
        }
    }

    private StoreBackend a;
    private StoreBackend b;

    @BeforeEach
    void connectTwoInstances() {
        a = connect();
        b = connect();
    }

    @AfterEach
    void closeConnections() {
        connections.forEach(StoreBackend::close);
        connections.clear();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Breaker records
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aRecordIsCreatedOnlyIfAbsent() {
        String name = unique("cb");
        assertThat(get(a.read(name))).isNull();
        BreakerWrite created = get(a.compareAndSet(name, StoreBackend.ABSENT, CircuitBreaker.State.CLOSED, 1,
                BreakerRecord.UNLIMITED, "a"));
        assertThat(created.applied()).isTrue();
        assertThat(created.current().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(created.current().epoch()).isEqualTo(1);

        BreakerWrite again = get(b.compareAndSet(name, StoreBackend.ABSENT, CircuitBreaker.State.CLOSED, 1,
                BreakerRecord.UNLIMITED, "b"));
        assertThat(again.applied()).isFalse();
        assertThat(again.current().origin()).isEqualTo("a");
        assertThat(get(b.read(name))).extracting(BreakerRecord::state, BreakerRecord::epoch, BreakerRecord::origin,
                BreakerRecord::periodMillis).containsExactly(CircuitBreaker.State.CLOSED, 1L, "a", BreakerRecord.UNLIMITED);
    }

    @Test
    void aWriteAppliesOnlyOnTheExpectedEpochStampedWithTheStoresClock() {
        String name = unique("cb");
        get(a.compareAndSet(name, StoreBackend.ABSENT, CircuitBreaker.State.CLOSED, 1, BreakerRecord.UNLIMITED, "a"));

        BreakerWrite stale = get(b.compareAndSet(name, 7, CircuitBreaker.State.OPEN, 8, 60_000, "b"));
        assertThat(stale.applied()).isFalse();
        assertThat(stale.current().epoch()).isEqualTo(1);

        BreakerWrite opened = get(b.compareAndSet(name, 1, CircuitBreaker.State.OPEN, 2, 60_000, "b"));
        assertThat(opened.applied()).isTrue();
        BreakerRecord read = get(a.read(name));
        assertThat(read).extracting(BreakerRecord::state, BreakerRecord::epoch, BreakerRecord::periodMillis,
                BreakerRecord::origin).containsExactly(CircuitBreaker.State.OPEN, 2L, 60_000L, "b");
        assertThat(read.storeTimeMillis() - read.sinceMillis()).isBetween(0L, 10_000L);

        BreakerWrite lost = get(a.compareAndSet(name, 1, CircuitBreaker.State.OPEN, 2, 60_000, "a"));
        assertThat(lost.applied()).as("the second of two racing writes from the same epoch").isFalse();
        assertThat(lost.current().origin()).isEqualTo("b");
    }

    @Test
    void aWriteOnAMissingRecordIsNotApplied() {
        BreakerWrite write = get(a.compareAndSet(unique("cb"), 3, CircuitBreaker.State.OPEN, 4, 1000, "a"));
        assertThat(write.applied()).isFalse();
        assertThat(write.current()).isNull();
    }

    @Test
    void everyConnectionHearsOfEveryWrite() {
        ConcurrentLinkedQueue<BreakerRecord> heardByB = new ConcurrentLinkedQueue<>();
        String name = unique("cb");
        b.subscribe((breaker, record) -> {
            if (breaker.equals(name)) {
                heardByB.add(record);
            }
        });
        awaitSubscribed();
        get(a.compareAndSet(name, StoreBackend.ABSENT, CircuitBreaker.State.CLOSED, 1, BreakerRecord.UNLIMITED, "a"));
        get(a.compareAndSet(name, 1, CircuitBreaker.State.FORCED_OPEN, 2, BreakerRecord.UNLIMITED, "a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> heardByB.size() == 2);
        assertThat(heardByB).extracting(BreakerRecord::state, BreakerRecord::epoch, BreakerRecord::origin)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CircuitBreaker.State.CLOSED, 1L, "a"),
                        org.assertj.core.groups.Tuple.tuple(CircuitBreaker.State.FORCED_OPEN, 2L, "a"));
    }

    /** Gives an asynchronous subscription time to be in place; backends that subscribe synchronously need nothing. */
    protected void awaitSubscribed() {
    }

    // ---------------------------------------------------------------------------------------------------------
    // Windows
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aCountWindowKeepsTheLastNOutcomesOfEveryInstance() {
        String name = unique("cb");
        get(a.compareAndSet(name, StoreBackend.ABSENT, CircuitBreaker.State.CLOSED, 1, BreakerRecord.UNLIMITED, "a"));
        CircuitBreakerConfig.SlidingWindowType count = CircuitBreakerConfig.SlidingWindowType.COUNT_BASED;

        assertThat(get(a.recordOutcomes(name, 1, count, 10, new OutcomeCounts(4, 2, 1, 1))))
                .isEqualTo(new OutcomeCounts(4, 2, 1, 1));
        assertThat(get(b.recordOutcomes(name, 1, count, 10, new OutcomeCounts(4, 0, 0, 0))))
                .isEqualTo(new OutcomeCounts(8, 2, 1, 1));
        // a's batch went in as slow failure, failure, success, success. 5 more: the ring of 10 drops the 3
        // oldest outcomes, a's slow failure, failure and first success.
        assertThat(get(b.recordOutcomes(name, 1, count, 10, new OutcomeCounts(5, 0, 0, 0))))
                .isEqualTo(new OutcomeCounts(10, 0, 0, 0));
        assertThat(get(a.recordOutcomes(name, 1, count, 10, new OutcomeCounts(0, 0, 0, 0))))
                .as("a batch of nothing reads the totals").isEqualTo(new OutcomeCounts(10, 0, 0, 0));
    }

    @Test
    void aCountWindowEvictsInArrivalOrder() {
        String name = unique("cb");
        get(a.compareAndSet(name, StoreBackend.ABSENT, CircuitBreaker.State.CLOSED, 1, BreakerRecord.UNLIMITED, "a"));
        CircuitBreakerConfig.SlidingWindowType count = CircuitBreakerConfig.SlidingWindowType.COUNT_BASED;
        get(a.recordOutcomes(name, 1, count, 4, new OutcomeCounts(2, 2, 0, 0)));
        get(b.recordOutcomes(name, 1, count, 4, new OutcomeCounts(2, 0, 0, 0)));
        assertThat(get(a.recordOutcomes(name, 1, count, 4, new OutcomeCounts(1, 0, 0, 0))))
                .as("the oldest failure left").isEqualTo(new OutcomeCounts(4, 1, 0, 0));
        assertThat(get(a.recordOutcomes(name, 1, count, 4, new OutcomeCounts(1, 1, 1, 1))))
                .as("the second failure left, a slow failure came").isEqualTo(new OutcomeCounts(4, 1, 1, 1));
    }

    @Test
    void outcomesOfAnotherEpochAreNotRecordedAndANewEpochStartsEmpty() {
        String name = unique("cb");
        CircuitBreakerConfig.SlidingWindowType count = CircuitBreakerConfig.SlidingWindowType.COUNT_BASED;
        assertThat(get(a.recordOutcomes(name, 1, count, 10, new OutcomeCounts(1, 1, 0, 0))))
                .as("nothing stored").isNull();
        get(a.compareAndSet(name, StoreBackend.ABSENT, CircuitBreaker.State.CLOSED, 1, BreakerRecord.UNLIMITED, "a"));
        get(a.recordOutcomes(name, 1, count, 10, new OutcomeCounts(3, 3, 0, 0)));
        get(b.compareAndSet(name, 1, CircuitBreaker.State.CLOSED, 2, BreakerRecord.UNLIMITED, "b"));

        assertThat(get(a.recordOutcomes(name, 1, count, 10, new OutcomeCounts(1, 1, 0, 0))))
                .as("a late batch of the old epoch").isNull();
        assertThat(get(a.recordOutcomes(name, 2, count, 10, new OutcomeCounts(1, 0, 0, 0))))
                .isEqualTo(new OutcomeCounts(1, 0, 0, 0));
    }

    @Test
    void aTimeWindowSumsTheBatchesOfTheLastSeconds() {
        String name = unique("cb");
        CircuitBreakerConfig.SlidingWindowType time = CircuitBreakerConfig.SlidingWindowType.TIME_BASED;
        get(a.compareAndSet(name, StoreBackend.ABSENT, CircuitBreaker.State.CLOSED, 1, BreakerRecord.UNLIMITED, "a"));
        get(a.recordOutcomes(name, 1, time, 60, new OutcomeCounts(3, 1, 1, 0)));
        assertThat(get(b.recordOutcomes(name, 1, time, 60, new OutcomeCounts(2, 2, 1, 1))))
                .isEqualTo(new OutcomeCounts(5, 3, 2, 1));
    }

    @Test
    void aTimeWindowForgetsOutcomesOlderThanItsSize() {
        String name = unique("cb");
        CircuitBreakerConfig.SlidingWindowType time = CircuitBreakerConfig.SlidingWindowType.TIME_BASED;
        get(a.compareAndSet(name, StoreBackend.ABSENT, CircuitBreaker.State.CLOSED, 1, BreakerRecord.UNLIMITED, "a"));
        get(a.recordOutcomes(name, 1, time, 1, new OutcomeCounts(3, 3, 0, 0)));
        // One-second buckets of the store's clock: within about two seconds the batch is out of the window.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                get(b.recordOutcomes(name, 1, time, 1, new OutcomeCounts(0, 0, 0, 0))).calls() == 0);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Trial permits
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void theFleetTakesAtMostThePermittedTrialPermits() throws Exception {
        String name = unique("cb");
        get(a.compareAndSet(name, StoreBackend.ABSENT, CircuitBreaker.State.HALF_OPEN, 1, BreakerRecord.UNLIMITED, "a"));
        int permitted = 5;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                StoreBackend connection = i % 2 == 0 ? a : b;
                attempts.add(pool.submit(() -> {
                    start.await();
                    return get(connection.acquireTrialPermit(name, 1, permitted));
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Boolean> attempt : attempts) {
                granted += attempt.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(granted).isEqualTo(permitted);
        } finally {
            pool.shutdownNow();
        }
        get(b.releaseTrialPermit(name, 1));
        assertThat(get(a.acquireTrialPermit(name, 1, permitted))).as("a released permit").isTrue();
        assertThat(get(a.acquireTrialPermit(name, 1, permitted))).isFalse();
    }

    @Test
    void trialPermitsExistOnlyInTheHalfOpenPeriodTheyBelongTo() {
        String name = unique("cb");
        get(a.compareAndSet(name, StoreBackend.ABSENT, CircuitBreaker.State.OPEN, 1, 60_000, "a"));
        assertThat(get(a.acquireTrialPermit(name, 1, 3))).as("OPEN").isFalse();
        get(a.compareAndSet(name, 1, CircuitBreaker.State.HALF_OPEN, 2, BreakerRecord.UNLIMITED, "a"));
        assertThat(get(a.acquireTrialPermit(name, 1, 3))).as("an old epoch").isFalse();
        assertThat(get(a.acquireTrialPermit(name, 2, 1))).isTrue();
        assertThat(get(b.acquireTrialPermit(name, 2, 1))).isFalse();
        get(a.compareAndSet(name, 2, CircuitBreaker.State.OPEN, 3, 60_000, "a"));
        get(a.compareAndSet(name, 3, CircuitBreaker.State.HALF_OPEN, 4, BreakerRecord.UNLIMITED, "a"));
        assertThat(get(b.acquireTrialPermit(name, 4, 1))).as("a new half-open period has new permits").isTrue();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Rate limiters
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aLimitIsGrantedExactlyOncePerPeriodAcrossInstancesUnderConcurrency() throws Exception {
        String name = unique("rl");
        int limit = 50;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> attempts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                StoreBackend connection = i % 2 == 0 ? a : b;
                attempts.add(pool.submit(() -> {
                    start.await();
                    return get(connection.acquirePermits(name, null, 1, 0, limit, DAY)).decision();
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Long> attempt : attempts) {
                long decision = attempt.get(10, TimeUnit.SECONDS);
                if (Acquisition.isGranted(decision)) {
                    assertThat(Acquisition.waitNanos(decision)).isZero();
                    granted++;
                } else {
                    assertThat(Acquisition.retryAfterNanos(decision)).isBetween(1L, DAY);
                }
            }
            assertThat(granted).isEqualTo(limit);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRejectionReservesNothingAndSaysWhenTheNextPeriodStarts() {
        String name = unique("rl");
        LimiterReply first = get(a.acquirePermits(name, null, 2, 0, 3, DAY));
        assertThat(first.decision()).isZero();
        assertThat(first.availablePermissions()).isEqualTo(1);
        LimiterReply tooMany = get(b.acquirePermits(name, null, 2, 0, 3, DAY));
        assertThat(Acquisition.isGranted(tooMany.decision())).isFalse();
        assertThat(Acquisition.retryAfterNanos(tooMany.decision())).isBetween(1L, DAY);
        assertThat(get(b.acquirePermits(name, null, 1, 0, 3, DAY)).decision()).as("nothing was reserved").isZero();
    }

    @Test
    void aWaitingCallerReservesALaterPeriodFirstComeFirstServed() {
        String name = unique("rl");
        long period = TimeUnit.SECONDS.toNanos(30);
        long firstPeriodGrant = get(a.acquirePermits(name, null, 1, 0, 1, period)).decision();
        assertThat(firstPeriodGrant).isZero();
        LimiterReply reserved = get(b.acquirePermits(name, null, 1, 2 * period, 1, period));
        assertThat(Acquisition.isGranted(reserved.decision())).isTrue();
        long wait = Acquisition.waitNanos(reserved.decision());
        assertThat(wait).isBetween(1L, period);
        assertThat(reserved.availablePermissions()).as("one permit of the next period promised").isEqualTo(-1);
        LimiterReply queued = get(a.acquirePermits(name, null, 1, 3 * period, 1, period));
        assertThat(Acquisition.waitNanos(queued.decision())).as("behind the earlier reservation")
                .isBetween(wait + period - TimeUnit.SECONDS.toNanos(5), wait + period);
        LimiterReply impatient = get(b.acquirePermits(name, null, 1, 0, 1, period));
        assertThat(Acquisition.retryAfterNanos(impatient.decision())).isGreaterThan(wait + period - TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void eachKeyHasALimitOfItsOwn() {
        String name = unique("rl");
        assertThat(get(a.acquirePermits(name, "alice", 1, 0, 1, DAY)).decision()).isZero();
        assertThat(get(b.acquirePermits(name, "bob", 1, 0, 1, DAY)).decision()).isZero();
        assertThat(Acquisition.isGranted(get(b.acquirePermits(name, "alice", 1, 0, 1, DAY)).decision())).isFalse();
        assertThat(get(a.acquirePermits(name, null, 1, 0, 1, DAY)).decision()).as("the unkeyed limiter").isZero();
    }

    @Test
    void permitsComeBackWhenThePeriodIsOver() {
        String name = unique("rl");
        long period = TimeUnit.MILLISECONDS.toNanos(200);
        assertThat(get(a.acquirePermits(name, null, 1, 0, 1, period)).decision()).isZero();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> get(b.acquirePermits(name, null, 1, 0, 1, period)).decision() == 0);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fleet
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void heartbeatsCountTheLiveInstances() {
        String one = unique("instance");
        String two = unique("instance");
        int before = get(a.heartbeat(one, 60_000));
        assertThat(before).isGreaterThanOrEqualTo(1);
        assertThat(get(b.heartbeat(two, 60_000))).isEqualTo(before + 1);
        assertThat(get(a.heartbeat(one, 60_000))).as("a refresh is not a new instance").isEqualTo(before + 1);
    }
}
