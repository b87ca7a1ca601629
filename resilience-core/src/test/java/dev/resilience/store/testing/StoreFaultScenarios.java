package dev.resilience.store.testing;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.store.SharedStore;
import dev.resilience.store.SharedStoreOptions;
import dev.resilience.store.spi.StoreBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow, dropping or vanishing store under load: several threads call a shared circuit breaker and a shared
 * rate limiter without pause while a {@link FaultProxy} in front of the real server switches between passing
 * through, answering late, cutting every connection and black-holing, or while the server itself is stopped and
 * started again. After every run:
 * <ul>
 *   <li>no call got an exception from the library (outage policy {@code LOCAL}), and every breaker call ran;
 *   <li>no call waited longer than the store's timeout plus {@link #MARGIN} (the longest call of each phase is
 *       measured and printed);
 *   <li>every fault that makes the store useless (answers later than the timeout, cut, black hole, server down)
 *       degraded it, and passing through again recovered it: listeners heard degraded and recovered strictly in
 *       turn, once per outage, and the store ends shared again (a transition and a limit made on another
 *       instance reach this one);
 *   <li>the breaker, which saw only successes, never moved: store faults alone never open it;
 *   <li>the limiter granted at most its limit, plus this instance's local share for each outage (the
 *       documented allowance of {@code OutagePolicy.LOCAL}), plus one more limit for each restart of a server
 *       that forgets its data.
 * </ul>
 * Extend it with the server of a backend. Phases last a number of calls, not a time.
 */
public abstract class StoreFaultScenarios {

    /**
     * Room for a loaded build machine above the store's timeout (scheduling, GC); well below the clients' own
     * timeouts (1 s and more), which would be the bound of a call the library let wait for the store.
     */
    protected static final Duration MARGIN = Duration.ofMillis(500);
    private static final Duration PROPAGATION = Duration.ofSeconds(10);
    private static final Duration RECOVERY = Duration.ofSeconds(20);
    private static final int LIMIT = 40;
    private static final int THREADS = Integer.getInteger("hardening.threads", 4);
    private static final int CALLS_PER_PHASE = 400;
    private static final long PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** The port of the real server under test. */
    protected abstract int serverPort();

    /** A new backend (its own connections) to the server, or to whatever listens at {@code host:port}. */
    protected abstract StoreBackend backendAt(String host, int port);

    /** Stops the server: connections are refused until {@link #startServer()}. */
    protected abstract void stopServer();

    /** Starts the server again on the same port. */
    protected abstract void startServer();

    /** Whether the server still holds its data after {@link #stopServer()} and {@link #startServer()}. */
    protected abstract boolean keepsDataAcrossRestart();

    /** The store's timeout: what a call may wait for the store at most. */
    protected Duration storeTimeout() {
        return Duration.ofMillis(100);
    }

    /** How long a server's answers are held back in the "late" phase: well beyond the timeout. */
    protected Duration lateAnswers() {
        return storeTimeout().multipliedBy(5);
    }

    /** How long they are held back in the "slow but in time" phase. */
    protected Duration slowAnswers() {
        return storeTimeout().dividedBy(5);
    }

    @AfterEach
    void release() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }

    private SharedStore instance(String id, String host, int port) {
        SharedStore store = SharedStore.start(backendAt(host, port), SharedStoreOptions.builder().timeout(storeTimeout())
                .flushInterval(Duration.ofMillis(20)).pollInterval(Duration.ofMillis(100)).instanceId(id).build());
        resources.add(store);
        return store;
    }

    private static String unique(String base) {
        return base + "-" + NAMES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    @Test
    void callsStayBoundedAndLocalWhileTheNetworkToTheStoreIsSlowCutOrBlackHoledAndShareAgainAfterwards()
            throws Exception {
        FaultProxy proxy = new FaultProxy("127.0.0.1", serverPort());
        resources.add(proxy);
        Run run = new Run(instance(unique("proxied"), proxy.host(), proxy.port()));

        run.phase("pass", proxy::passThrough, Expect.NOTHING);
        run.phase("answers " + slowAnswers().toMillis() + " ms late", () -> proxy.delayAnswers(slowAnswers()),
                Expect.NOTHING);
        run.phase("answers " + lateAnswers().toMillis() + " ms late", () -> proxy.delayAnswers(lateAnswers()),
                Expect.DEGRADED);
        run.phase("pass", proxy::passThrough, Expect.RECOVERED);
        run.phase("cut", proxy::cut, Expect.DEGRADED);
        run.phase("pass", proxy::passThrough, Expect.RECOVERED);
        run.phase("black hole", proxy::blackHole, Expect.DEGRADED);
        run.phase("pass", proxy::passThrough, Expect.RECOVERED);
        run.finish(0);
    }

    @Test
    void callsStayBoundedAndLocalWhileTheServerIsStoppedUnderLoadAndShareAgainOnceItIsBack() throws Exception {
        Run run = new Run(instance(unique("direct"), "127.0.0.1", serverPort()));

        run.phase("running", () -> { }, Expect.NOTHING);
        try {
            run.phase("server stopped", this::stopServer, Expect.DEGRADED);
        } finally {
            startServer();
        }
        run.phase("server started again", () -> { }, Expect.RECOVERED);
        run.finish(keepsDataAcrossRestart() ? 0 : 1);
    }

    /**
     * The long variant ({@code -Phardening}): faults drawn at random (seed {@code hardening.seed}, printed) one
     * after another for {@code hardening.seconds}, each followed by passing through again, same invariants.
     */
    @Tag("hardening")
    @Test
    void randomFaultsOneAfterAnotherForTheWholeHardeningRun() throws Exception {
        long seed = Long.getLong("hardening.seed", System.nanoTime());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("hardening.seconds", 30));
        System.out.println(getClass().getSimpleName() + ": random faults, seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        FaultProxy proxy = new FaultProxy("127.0.0.1", serverPort());
        resources.add(proxy);
        Run run = new Run(instance(unique("random"), proxy.host(), proxy.port()));
        while (System.nanoTime() < until) {
            switch (random.nextInt(4)) {
                case 0 -> run.phase("answers late", () -> proxy.delayAnswers(lateAnswers()), Expect.DEGRADED);
                case 1 -> run.phase("cut", proxy::cut, Expect.DEGRADED);
                case 2 -> run.phase("black hole", proxy::blackHole, Expect.DEGRADED);
                default -> run.phase("slow", () -> proxy.delayAnswers(slowAnswers()), Expect.NOTHING);
            }
            run.phase("pass", proxy::passThrough, Expect.RECOVERED_IF_DEGRADED);
        }
        run.finish(0);
    }

    private enum Expect { NOTHING, DEGRADED, RECOVERED, RECOVERED_IF_DEGRADED }

    /** One instance under load by {@link #THREADS} threads, and what they and its listeners saw. */
    private final class Run {
        final SharedStore store;
        final CircuitBreaker breaker;
        final RateLimiter limiter;
        final String breakerName = unique("fault-breaker");
        final String limiterName = unique("fault-limiter");
        final RateLimiterConfig.Builder limit = RateLimiterConfig.builder().limitForPeriod(LIMIT)
                // One period for the whole run (the store's periods are cut on its clock).
                .limitRefreshPeriod(Duration.ofDays(1));
        final StoreEvents storeEvents = new StoreEvents();
        final ConcurrentLinkedQueue<String> transitions = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final LongAdder calls = new LongAdder();
        final LongAdder grants = new LongAdder();
        final AtomicLong longestNanos = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> workers = new ArrayList<>();
        final Map<String, String> figures = new LinkedHashMap<>();

        Run(SharedStore store) {
            this.store = store;
            store.addListener(storeEvents);
            await().atMost(RECOVERY).until(() -> !store.info().isDegraded());
            breaker = CircuitBreaker.of(breakerName, breakerConfig(store));
            breaker.addListener(new CircuitBreakerListener() {
                @Override
                public void onStateTransition(CircuitBreaker cb, CircuitBreaker.State from, CircuitBreaker.State to,
                        String instanceId) {
                    transitions.add(from + "->" + to);
                }
            });
            limiter = RateLimiter.of(limiterName, limit.store(store.rateLimiters()).build());
            for (int t = 0; t < THREADS; t++) {
                Thread worker = new Thread(this::work, "fault-load-" + t);
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
        }

        private CircuitBreakerConfig breakerConfig(SharedStore on) {
            return CircuitBreakerConfig.builder().storeFactory(on.circuitBreakers()).slidingWindowSize(20)
                    .minimumNumberOfCalls(10).waitDurationInOpenState(Duration.ofDays(1)).build();
        }

        private void work() {
            long i = 0;
            while (running.get()) {
                long start = System.nanoTime();
                try {
                    if ((i++ & 1) == 0) {
                        if (!"ok".equals(breaker.executeSupplier(() -> "ok"))) {
                            failures.add(new AssertionError("the breaker call did not run"));
                        }
                    } else if (limiter.tryAcquirePermission()) {
                        grants.increment();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
                longestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                calls.increment();
                // A pause between calls, outside what is measured: local decisions take nanoseconds, and callers
                // spinning on them would starve the machine's few cores, so that the longest call measured the
                // scheduler rather than the library.
                LockSupport.parkNanos(PAUSE_NANOS);
            }
        }

        /** Applies {@code fault}, waits for what it must cause, then lets {@link #CALLS_PER_PHASE} more calls run. */
        void phase(String name, Runnable fault, Expect expect) {
            long phaseStart = System.nanoTime();
            longestNanos.set(0);
            long callsBefore = calls.sum();
            boolean wasDegraded = store.info().isDegraded() || "degraded".equals(storeEvents.last());
            fault.run();
            if (expect == Expect.RECOVERED_IF_DEGRADED) {
                expect = wasDegraded ? Expect.RECOVERED : Expect.NOTHING;
            }
            switch (expect) {
                case DEGRADED -> await().atMost(PROPAGATION).until(() -> store.info().isDegraded());
                case RECOVERED -> await().atMost(RECOVERY).until(() -> !store.info().isDegraded()
                        && "recovered".equals(storeEvents.last()));
                default -> { }
            }
            long reached = calls.sum();
            await().atMost(PROPAGATION).until(() -> calls.sum() >= reached + CALLS_PER_PHASE);
            figures.put(figures.size() + 1 + ". " + name, String.format("%,d calls in %,d ms, longest %.1f ms",
                    calls.sum() - callsBefore, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - phaseStart),
                    longestNanos.get() / 1e6));
            assertThat(failures).as("exceptions from the library during '%s'", name).isEmpty();
            assertThat(Duration.ofNanos(longestNanos.get())).as("the longest call during '%s' (timeout %s + margin)",
                    name, storeTimeout()).isLessThanOrEqualTo(storeTimeout().plus(MARGIN));
        }

        void finish(int restartsThatLoseData) throws InterruptedException {
            running.set(false);
            for (Thread worker : workers) {
                worker.join(TimeUnit.SECONDS.toMillis(10));
            }
            // A store may fail again after it recovered (a pool that finds its connections broken only when it
            // uses them, one by one, after a restart): outages and recoveries must still alternate, and the
            // store must settle shared.
            await().atMost(RECOVERY).until(() -> !store.info().isDegraded() && "recovered".equals(storeEvents.last()));
            List<String> events = storeEvents.heard();
            if (!events.isEmpty() && "recovered".equals(events.get(0))) {
                // The end of an outage at start-up, announced before the listener was added.
                events.remove(0);
            }
            int outages = (int) events.stream().filter("degraded"::equals).count();
            long granted = grants.sum();
            System.out.printf("%s, store timeout %d ms: %s; %d outage(s), %d grants of a limit of %d, events %s%n",
                    StoreFaultScenarios.this.getClass().getSimpleName(),
                    storeTimeout().toMillis(), figures, outages, granted, LIMIT, events);

            assertThat(failures).as("exceptions from the library").isEmpty();
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i)).as("store events alternate: %s", events)
                        .isEqualTo(i % 2 == 0 ? "degraded" : "recovered");
            }
            assertThat(events).as("store events").isNotEmpty().last().isEqualTo("recovered");
            assertThat(transitions).as("the breaker saw only successes: store faults must not move it").isEmpty();
            assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
            // The local share is max(1, limit / fleet size) per outage; the fleet is at least this instance.
            assertThat(granted).as("grants: the limit, plus a local share per outage, plus a limit per restart "
                    + "that lost the store's data").isBetween(1L, (long) LIMIT * (1 + outages + restartsThatLoseData));

            // Sharing again: another instance, on its own connection to the server, sees and is seen.
            SharedStore other = instance(unique("witness"), "127.0.0.1", serverPort());
            StoreEvents otherEvents = new StoreEvents();
            other.addListener(otherEvents);
            await().atMost(RECOVERY).until(() -> !other.info().isDegraded());
            CircuitBreaker otherBreaker = CircuitBreaker.of(breakerName, breakerConfig(other));
            otherBreaker.transitionToForcedOpenState();
            await().atMost(PROPAGATION).until(() -> breaker.state() == CircuitBreaker.State.FORCED_OPEN);
            // A limit of 2: one grant here, one there, and none left here. Tried afresh until both stores were
            // sharing throughout (a last broken pooled connection may still cost one local answer).
            RateLimiterConfig.Builder two = RateLimiterConfig.builder().limitForPeriod(2)
                    .limitRefreshPeriod(Duration.ofDays(1));
            await().atMost(PROPAGATION).until(() -> {
                String pairName = unique("fault-pair");
                RateLimiter here = RateLimiter.of(pairName, two.store(store.rateLimiters()).build());
                RateLimiter there = RateLimiter.of(pairName, two.store(other.rateLimiters()).build());
                int eventsBefore = storeEvents.heard().size() + otherEvents.heard().size();
                boolean shared = here.tryAcquirePermission() && there.tryAcquirePermission()
                        && !here.tryAcquirePermission();
                return shared && !store.info().isDegraded() && !other.info().isDegraded()
                        && storeEvents.heard().size() + otherEvents.heard().size() == eventsBefore;
            });
        }
    }
}
