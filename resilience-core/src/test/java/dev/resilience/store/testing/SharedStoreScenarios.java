package dev.resilience.store.testing;

import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.store.SharedStore;
import dev.resilience.store.SharedStoreOptions;
import dev.resilience.store.StoreInfo;
import dev.resilience.store.StoreListener;
import dev.resilience.store.spi.StoreBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two application instances (two {@link SharedStore}s, each with its own connection, each with its own
 * registry) sharing circuit breakers and rate limiters through a real server: what a fleet relies on. Extend it
 * with the server of a backend; the same scenarios run against the reference {@link InMemoryStoreServer}, Redis
 * and PostgreSQL.
 *
 * <p>Timing: outcomes are flushed every 20 ms, states polled every 200 ms. Assertions on propagation wait with
 * Awaitility up to the documented bound (one poll interval) plus a generous margin for a busy machine. The
 * timeout is 1 s so that a loaded machine does not fake an outage; outages are made by stopping the server,
 * which refuses connections at once.
 */
public abstract class SharedStoreScenarios {

    protected static final Duration FLUSH = Duration.ofMillis(20);
    protected static final Duration POLL = Duration.ofMillis(200);
    /** The documented bound (one poll interval), plus room for a busy build machine. */
    protected static final Duration PROPAGATION = POLL.plusSeconds(5);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final List<SharedStore> stores = new ArrayList<>();

    /** A new connection to the server under test. */
    protected abstract StoreBackend newConnection();

    /** Stops the server: connections are refused until {@link #startServer()}. */
    protected abstract void stopServer();

    /** Starts the server again (on the same address); it may have lost its data. */
    protected abstract void startServer();

    protected SharedStoreOptions.Builder options(String instanceId) {
        return SharedStoreOptions.builder().timeout(Duration.ofSeconds(1)).flushInterval(FLUSH).pollInterval(POLL)
                .instanceId(instanceId);
    }

    protected SharedStore instance(String id) {
        SharedStore store = SharedStore.start(newConnection(), options(id).build());
        stores.add(store);
        return store;
    }

    @AfterEach
    void stopInstances() {
        stores.forEach(SharedStore::close);
        stores.clear();
    }

    protected static String unique(String base) {
        return base + "-" + NAMES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    private static CircuitBreakerConfig.Builder breaker(SharedStore store) {
        return CircuitBreakerConfig.builder().storeFactory(store.circuitBreakers()).slidingWindowSize(10)
                .minimumNumberOfCalls(10).failureRateThreshold(50).waitDurationInOpenState(Duration.ofDays(1));
    }

    private static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            try {
                breaker.executeRunnable(() -> {
                    throw new IllegalStateException("down");
                });
            } catch (IllegalStateException | CallNotPermittedException expected) {
                // counted
            }
        }
    }

    private static void succeed(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            breaker.executeRunnable(() -> { });
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Circuit breakers
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void oneInstanceTripsTheBreakerAndTheOtherRejectsWithinTheBound() {
        SharedStore a = instance("a");
        SharedStore b = instance("b");
        String name = unique("payments");
        CircuitBreaker onA = CircuitBreakerRegistry.of(breaker(a).build()).get(name);
        CircuitBreaker onB = CircuitBreakerRegistry.of(breaker(b).build()).get(name);
        succeed(onB, 1);

        fail(onA, 10);

        await().atMost(PROPAGATION).until(() -> onA.state() == CircuitBreaker.State.OPEN);
        await().atMost(PROPAGATION).until(() -> onB.state() == CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> onB.executeRunnable(() -> { })).isInstanceOf(CallNotPermittedException.class);
        assertThat(onB.storeInfo().isShared()).isTrue();
        assertThat(onB.storeInfo().isDegraded()).isFalse();
    }

    @Test
    void theWindowAggregatesTheOutcomesOfEveryInstance() {
        SharedStore a = instance("a");
        SharedStore b = instance("b");
        String name = unique("inventory");
        CircuitBreaker onA = CircuitBreakerRegistry.of(breaker(a).build()).get(name);
        CircuitBreaker onB = CircuitBreakerRegistry.of(breaker(b).build()).get(name);

        fail(onA, 3);
        succeed(onA, 2);
        await().atMost(PROPAGATION).until(() -> onB.metrics().bufferedCalls() == 5);
        fail(onB, 3);
        succeed(onB, 2);

        // Neither instance alone reached minimum-number-of-calls (10); together they did, at 60 % failures.
        await().atMost(PROPAGATION).until(() -> onA.state() == CircuitBreaker.State.OPEN
                && onB.state() == CircuitBreaker.State.OPEN);
    }

    @Test
    void aTimeBasedWindowAggregatesTheFleetToo() {
        SharedStore a = instance("a");
        SharedStore b = instance("b");
        String name = unique("search");
        CircuitBreakerConfig.Builder config = CircuitBreakerConfig.builder()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED).slidingWindowSize(60)
                .minimumNumberOfCalls(8).failureRateThreshold(50).waitDurationInOpenState(Duration.ofDays(1));
        CircuitBreaker onA = CircuitBreakerRegistry.of(config.storeFactory(a.circuitBreakers()).build()).get(name);
        CircuitBreaker onB = CircuitBreakerRegistry.of(config.storeFactory(b.circuitBreakers()).build()).get(name);

        fail(onA, 4);
        fail(onB, 4);

        await().atMost(PROPAGATION).until(() -> onA.state() == CircuitBreaker.State.OPEN
                && onB.state() == CircuitBreaker.State.OPEN);
    }

    @Test
    void halfOpenAdmitsAtMostThePermittedTrialCallsAcrossTheFleet() throws Exception {
        SharedStore a = instance("a");
        SharedStore b = instance("b");
        String name = unique("shipping");
        int permitted = 3;
        CircuitBreakerConfig.Builder config = CircuitBreakerConfig.builder().slidingWindowSize(10)
                .minimumNumberOfCalls(10).permittedNumberOfCallsInHalfOpenState(permitted)
                .waitDurationInOpenState(Duration.ofDays(1));
        CircuitBreaker onA = CircuitBreakerRegistry.of(config.storeFactory(a.circuitBreakers()).build()).get(name);
        CircuitBreaker onB = CircuitBreakerRegistry.of(config.storeFactory(b.circuitBreakers()).build()).get(name);

        onA.transitionToHalfOpenState();
        await().atMost(PROPAGATION).until(() -> onB.state() == CircuitBreaker.State.HALF_OPEN);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                CircuitBreaker breaker = i % 2 == 0 ? onA : onB;
                attempts.add(pool.submit(() -> {
                    start.await();
                    return breaker.tryAcquirePermission();
                }));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> attempt : attempts) {
                admitted += attempt.get(20, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(permitted);
        } finally {
            pool.shutdownNow();
        }

        // The trial calls report success on both instances: the fleet's trial window closes the breaker.
        onA.onSuccess(1_000);
        onB.onSuccess(1_000);
        onA.onSuccess(1_000);
        await().atMost(PROPAGATION).until(() -> onA.state() == CircuitBreaker.State.CLOSED
                && onB.state() == CircuitBreaker.State.CLOSED);
    }

    @Test
    void aManualTransitionAppliesToTheWholeFleetAndSaysWhoMadeIt() {
        SharedStore a = instance("instance-a");
        SharedStore b = instance("instance-b");
        String name = unique("ledger");
        CircuitBreaker onA = CircuitBreakerRegistry.of(breaker(a).build()).get(name);
        CircuitBreaker onB = CircuitBreakerRegistry.of(breaker(b).build()).get(name);
        ConcurrentLinkedQueue<String> heardOnB = new ConcurrentLinkedQueue<>();
        onB.addListener(new CircuitBreakerListener() {
            @Override
            public void onStateTransition(CircuitBreaker cb, CircuitBreaker.State from, CircuitBreaker.State to,
                    String instanceId) {
                heardOnB.add(from + "->" + to + " by " + instanceId);
            }
        });

        onA.transitionToForcedOpenState();
        await().atMost(PROPAGATION).until(() -> onB.state() == CircuitBreaker.State.FORCED_OPEN);
        onB.transitionToClosedState();
        await().atMost(PROPAGATION).until(() -> onA.state() == CircuitBreaker.State.CLOSED);

        assertThat(heardOnB).containsExactly("CLOSED->FORCED_OPEN by instance-a", "FORCED_OPEN->CLOSED by instance-b");
    }

    @Test
    void aBreakerCreatedLaterAdoptsTheSharedState() {
        SharedStore a = instance("a");
        SharedStore b = instance("b");
        String name = unique("billing");
        CircuitBreaker onA = CircuitBreakerRegistry.of(breaker(a).build()).get(name);
        onA.transitionToOpenState();

        CircuitBreaker onB = CircuitBreakerRegistry.of(breaker(b).build()).get(name);

        assertThat(onB.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Rate limiters
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aSharedLimitGrantsExactlyNPerPeriodUnderConcurrentLoadFromTwoInstances() throws Exception {
        SharedStore a = instance("a");
        SharedStore b = instance("b");
        String name = unique("api");
        int limit = 100;
        // A day-long period: periods are cut on the store's clock, and the load must fall into one period.
        RateLimiterConfig.Builder config = RateLimiterConfig.builder().limitForPeriod(limit)
                .limitRefreshPeriod(Duration.ofDays(1));
        RateLimiter onA = RateLimiter.of(name, config.store(a.rateLimiters()).build());
        RateLimiter onB = RateLimiter.of(name, config.store(b.rateLimiters()).build());

        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger granted = new AtomicInteger();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                RateLimiter limiter = t % 2 == 0 ? onA : onB;
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 40; i++) {
                        if (limiter.tryAcquirePermission()) {
                            granted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(granted.get()).as("320 attempts at a limit of 100").isEqualTo(limit);
        assertThat(a.info().isDegraded()).isFalse();
        assertThat(b.info().isDegraded()).isFalse();
    }

    @Test
    void keyedLimitersShareEachKeysLimit() {
        SharedStore a = instance("a");
        SharedStore b = instance("b");
        String name = unique("per-user");
        RateLimiterConfig.Builder config = RateLimiterConfig.builder().limitForPeriod(2)
                .limitRefreshPeriod(Duration.ofDays(1));
        KeyedRateLimiter onA = KeyedRateLimiter.of(name, config.store(a.rateLimiters()).build());
        KeyedRateLimiter onB = KeyedRateLimiter.of(name, config.store(b.rateLimiters()).build());

        assertThat(onA.tryAcquirePermission("alice")).isTrue();
        assertThat(onB.tryAcquirePermission("alice")).isTrue();
        assertThat(onA.tryAcquirePermission("alice")).isFalse();
        assertThat(onB.tryAcquirePermission("alice")).isFalse();
        assertThat(onB.tryAcquirePermission("bob")).isTrue();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Outages
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void aStoppedServerCostsCallsNoExceptionAndRestartingItResumesSharing() {
        SharedStore a = instance("a");
        SharedStore b = instance("b");
        ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        a.addListener(new StoreListener() {
            @Override
            public void onDegraded(StoreInfo store, Throwable cause) {
                events.add("degraded");
            }

            @Override
            public void onRecovered(StoreInfo store, long outageMillis) {
                events.add("recovered");
            }
        });
        String breakerName = unique("orders");
        String limiterName = unique("orders-api");
        CircuitBreaker onA = CircuitBreakerRegistry.of(breaker(a).build()).get(breakerName);
        CircuitBreaker onB = CircuitBreakerRegistry.of(breaker(b).build()).get(breakerName);
        RateLimiterConfig.Builder limit = RateLimiterConfig.builder().limitForPeriod(10)
                .limitRefreshPeriod(Duration.ofDays(1));
        RateLimiter limiterA = RateLimiter.of(limiterName, limit.store(a.rateLimiters()).build());
        await().atMost(PROPAGATION).until(() -> a.fleetSize() == 2 || a.fleetSize() > 2);
        assertThat(limiterA.tryAcquirePermission()).isTrue();

        stopServer();
        try {
            // Calls go on: no exception from the library, the store is marked degraded once.
            succeed(onA, 50);
            await().atMost(PROPAGATION).until(() -> a.info().isDegraded());
            succeed(onA, 50);
            assertThat(onA.storeInfo().isDegraded()).isTrue();
            // The local stand-in grants this instance's share: 10 / 2 instances.
            int granted = 0;
            for (int i = 0; i < 20; i++) {
                granted += limiterA.tryAcquirePermission() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(10 / a.fleetSize());
            // The local breaker still decides: failures open it during the outage.
            fail(onA, 10);
            assertThat(onA.state()).isEqualTo(CircuitBreaker.State.OPEN);
        } finally {
            startServer();
        }

        await().atMost(PROPAGATION.plusSeconds(5)).until(() -> !a.info().isDegraded() && !b.info().isDegraded()
                && events.contains("recovered"));
        // Once per outage, not once per call. A pool may still hold connections that died with the server: each
        // fails once when next used, a short outage of its own, announced and recovered in turn like any other.
        List<String> heard = List.copyOf(events);
        assertThat(heard).as("once per outage, not once per call").hasSizeLessThanOrEqualTo(8)
                .startsWith("degraded", "recovered");
        for (int i = 0; i < heard.size(); i++) {
            assertThat(heard.get(i)).as("in turn: %s", heard).isEqualTo(i % 2 == 0 ? "degraded" : "recovered");
        }
        // The transition made during the outage reaches the fleet once the store is back.
        await().atMost(PROPAGATION).until(() -> onB.state() == CircuitBreaker.State.OPEN);

        // Sharing resumed: a manual close on B reaches A, and new failures on A trip B.
        onB.transitionToClosedState();
        await().atMost(PROPAGATION).until(() -> onA.state() == CircuitBreaker.State.CLOSED);
        fail(onA, 10);
        await().atMost(PROPAGATION).until(() -> onB.state() == CircuitBreaker.State.OPEN);
        // The limiter is shared again (a restarted store may have forgotten the period's grants, never more).
        int grantedAfter = 0;
        for (int i = 0; i < 20; i++) {
            grantedAfter += limiterA.tryAcquirePermission() ? 1 : 0;
        }
        assertThat(grantedAfter).isBetween(0, 10);
    }
}
