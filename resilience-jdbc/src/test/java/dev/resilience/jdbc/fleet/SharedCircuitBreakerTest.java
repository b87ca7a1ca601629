package dev.resilience.jdbc.fleet;

import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreaker.State;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.jdbc.JdbcSchema;
import dev.resilience.jdbc.testing.PostgresExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two application instances, each with its own connection pool and shared store, share circuit breakers
 * through one PostgreSQL database.
 */
class SharedCircuitBreakerTest {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    /** The documented bound for an instance to learn a transition: one poll interval (1 s by default). */
    static final Duration PROPAGATION_BOUND = Duration.ofSeconds(1);
    /** Margin for a loaded build machine. */
    static final Duration SLACK = Duration.ofSeconds(2);

    Instance a;
    Instance b;

    @BeforeEach
    void fleet() throws Exception {
        String database = postgres.server().createDatabase();
        JdbcSchema.postgresql().apply(postgres.server().dataSource(database));
        a = new Instance(postgres.server(), database, "instance-a");
        b = new Instance(postgres.server(), database, "instance-b");
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    static CircuitBreakerConfig.Builder tripsAfterTenCalls() {
        return CircuitBreakerConfig.builder().slidingWindowSize(10).minimumNumberOfCalls(10).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(5));
    }

    static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> breaker.executeSupplier(() -> {
                throw new IllegalStateException("down");
            })).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void oneInstanceTripsTheBreakerAndTheOtherRejectsWithinThePropagationBound() {
        CircuitBreaker onA = a.breaker("payments", tripsAfterTenCalls());
        CircuitBreaker onB = b.breaker("payments", tripsAfterTenCalls());
        List<String> transitionsSeenByB = new CopyOnWriteArrayList<>();
        onB.addListener(new CircuitBreakerListener() {
            @Override
            public void onStateTransition(CircuitBreaker breaker, State from, State to, String instanceId) {
                transitionsSeenByB.add(from + "->" + to + " by " + instanceId);
            }
        });
        assertThat(onB.executeSupplier(() -> "fine")).isEqualTo("fine");

        fail(onA, 10);
        // A decides on the fleet's totals after its next flush (100 ms).
        await().atMost(SLACK).until(() -> onA.state() == State.OPEN);
        long openedAt = System.nanoTime();
        await().atMost(PROPAGATION_BOUND.plus(SLACK)).until(() -> onB.state() == State.OPEN);
        assertThat(Duration.ofNanos(System.nanoTime() - openedAt)).isLessThan(PROPAGATION_BOUND.plus(SLACK));

        assertThatThrownBy(() -> onB.executeSupplier(() -> "never called")).isInstanceOf(CallNotPermittedException.class);
        assertThat(transitionsSeenByB).containsExactly("CLOSED->OPEN by instance-a");
        assertThat(onB.storeInfo().type()).isEqualTo("jdbc");
        assertThat(onB.storeInfo().isDegraded()).isFalse();
    }

    @Test
    void outcomesOfAllInstancesCountInOneWindow() {
        CircuitBreaker onA = a.breaker("inventory", tripsAfterTenCalls());
        CircuitBreaker onB = b.breaker("inventory", tripsAfterTenCalls());
        // Neither instance alone reaches the minimum of 10 calls; together they do, at 100 % failures.
        fail(onA, 5);
        fail(onB, 5);
        await().atMost(SLACK).until(() -> onA.state() == State.OPEN && onB.state() == State.OPEN);
    }

    @Test
    void aManualTransitionOnOneInstanceAppliesToTheWholeFleet() {
        CircuitBreaker onA = a.breaker("search", tripsAfterTenCalls());
        CircuitBreaker onB = b.breaker("search", tripsAfterTenCalls());
        onA.transitionToForcedOpenState();
        await().atMost(PROPAGATION_BOUND.plus(SLACK)).until(() -> onB.state() == State.FORCED_OPEN);
        onB.transitionToClosedState();
        await().atMost(PROPAGATION_BOUND.plus(SLACK)).until(() -> onA.state() == State.CLOSED);
        assertThat(onA.executeSupplier(() -> "again")).isEqualTo("again");
    }

    @Test
    void halfOpenAdmitsAtMostThePermittedTrialCallsAcrossTheFleet() throws Exception {
        int permitted = 3;
        CircuitBreakerConfig.Builder config = tripsAfterTenCalls().permittedNumberOfCallsInHalfOpenState(permitted)
                .waitDurationInOpenState(Duration.ofMillis(300));
        CircuitBreaker onA = a.breaker("shipping", config);
        CircuitBreaker onB = b.breaker("shipping", config);
        fail(onA, 10);
        await().atMost(SLACK).until(() -> onA.state() == State.OPEN && onB.state() == State.OPEN);

        // After the wait, 8 callers per instance rush in at once; admitted trial calls block until all tried.
        int callersPerInstance = 8;
        CountDownLatch everybodyTried = new CountDownLatch(2 * callersPerInstance);
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(2 * callersPerInstance);
        ExecutorService callers = Executors.newFixedThreadPool(2 * callersPerInstance);
        List<Future<?>> done = new ArrayList<>();
        await().pollDelay(Duration.ofMillis(300)).atMost(SLACK).until(() -> true);
        try {
            for (CircuitBreaker breaker : List.of(onA, onB)) {
                for (int i = 0; i < callersPerInstance; i++) {
                    done.add(callers.submit(() -> {
                        start.await();
                        try {
                            breaker.executeCallable(() -> {
                                admitted.incrementAndGet();
                                everybodyTried.countDown();
                                everybodyTried.await(10, TimeUnit.SECONDS);
                                return "trial";
                            });
                        } catch (CallNotPermittedException e) {
                            rejected.incrementAndGet();
                            everybodyTried.countDown();
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(admitted.get()).as("trial calls admitted fleet-wide").isEqualTo(permitted);
        assertThat(rejected.get()).isEqualTo(2 * callersPerInstance - permitted);
        // The successful trials close the breaker everywhere.
        await().atMost(PROPAGATION_BOUND.plus(SLACK)).until(() -> onA.state() == State.CLOSED && onB.state() == State.CLOSED);
    }
}
