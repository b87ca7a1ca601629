package dev.resilience.jdbc.fleet;

import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreaker.State;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.jdbc.JdbcSchema;
import dev.resilience.jdbc.testing.PostgresExtension;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.store.OutagePolicy;
import dev.resilience.store.SharedStoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away in the middle of a run and comes back: calls go on within the outage bound, with
 * no exception from the library, and sharing resumes afterwards with nothing lost or doubled.
 */
class StoreOutageTest {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static final Duration TIMEOUT = Duration.ofMillis(100);
    /** What one call may cost at most during the outage: the timeout, plus a wide margin for a loaded machine. */
    static final Duration CALL_BOUND = Duration.ofSeconds(1);
    static final Duration PERIOD = Duration.ofMinutes(10);

    Instance a;
    Instance b;

    @AfterEach
    void stop() {
        postgres.server().start();
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private void fleet(OutagePolicy policy) throws Exception {
        String database = postgres.server().createDatabase();
        JdbcSchema.postgresql().apply(postgres.server().dataSource(database));
        a = new Instance(postgres.server(), database, "instance-a",
                SharedStoreOptions.builder().timeout(TIMEOUT).outagePolicy(policy));
        b = new Instance(postgres.server(), database, "instance-b",
                SharedStoreOptions.builder().timeout(TIMEOUT).outagePolicy(policy));
        // Both instances heartbeat once, so each knows the fleet has two members before the outage.
        await().atMost(Duration.ofSeconds(5)).until(() -> a.store.fleetSize() == 2 && b.store.fleetSize() == 2);
        long periodMs = PERIOD.toMillis();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Connection c = a.dataSource.getConnection(); var s = c.createStatement();
                    var rs = s.executeQuery("SELECT floor(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint")) {
                rs.next();
                return periodMs - rs.getLong(1) % periodMs > 60_000;
            }
        });
    }

    static CircuitBreakerConfig.Builder breakerConfig() {
        return CircuitBreakerConfig.builder().slidingWindowSize(10).minimumNumberOfCalls(10).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(5));
    }

    static <T> T bounded(Supplier<T> call) {
        long start = System.nanoTime();
        T result = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one call during the outage").isLessThan(CALL_BOUND);
        return result;
    }

    @Test
    void callsGoOnLocallyDuringTheOutageAndSharingResumesAfterItWithNothingCorrupted() throws Exception {
        fleet(OutagePolicy.LOCAL);
        RateLimiterConfig.Builder limit = RateLimiterConfig.builder().limitForPeriod(6).limitRefreshPeriod(PERIOD);
        CircuitBreaker breakerA = a.breaker("orders", breakerConfig());
        CircuitBreaker breakerB = b.breaker("orders", breakerConfig());
        RateLimiter limiterA = a.limiter("quota", limit);
        RateLimiter limiterB = b.limiter("quota", limit);
        assertThat(limiterA.tryAcquirePermission()).isTrue();
        assertThat(limiterA.tryAcquirePermission()).isTrue();
        assertThat(limiterB.tryAcquirePermission()).isTrue();

        postgres.server().stop();

        int grantsA = 0;
        int grantsB = 0;
        for (int i = 0; i < 20; i++) {
            assertThat(bounded(() -> breakerA.executeSupplier(() -> "a"))).isEqualTo("a");
            assertThat(bounded(() -> breakerB.executeSupplier(() -> "b"))).isEqualTo("b");
            if (i < 10) {
                grantsA += bounded(() -> limiterA.tryAcquirePermission()) ? 1 : 0;
                grantsB += bounded(() -> limiterB.tryAcquirePermission()) ? 1 : 0;
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> a.store.info().isDegraded() && b.store.info().isDegraded());
        assertThat(breakerA.storeInfo().isDegraded()).isTrue();
        // The local share of the limit: max(1, 6 / 2 instances) per instance, not 6 each.
        assertThat(grantsA).isLessThanOrEqualTo(3);
        assertThat(grantsB).isLessThanOrEqualTo(3);
        // A breaker still protects on its own calls meanwhile: its local window of the last 10 calls holds 10
        // successes, so the 5th failure makes 50 %.
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> bounded(() -> breakerA.executeSupplier(() -> {
                throw new IllegalStateException("dependency down");
            }))).isInstanceOf(IllegalStateException.class);
        }
        assertThat(breakerA.state()).isEqualTo(State.OPEN);

        postgres.server().start();

        await().atMost(Duration.ofSeconds(10)).until(() -> !a.store.info().isDegraded() && !b.store.info().isDegraded());
        // A's trip during the outage is written back (nobody moved the shared state meanwhile); B learns it.
        await().atMost(Duration.ofSeconds(5)).until(() -> breakerB.state() == State.OPEN);
        assertThatThrownBy(() -> breakerB.executeSupplier(() -> "no")).isInstanceOf(CallNotPermittedException.class);
        // The shared limit kept its 3 grants of before the outage; local grants were this instance's share
        // only, so the fleet now gets exactly the 3 left of the period.
        int sharedGrants = 0;
        for (int i = 0; i < 10; i++) {
            sharedGrants += (i % 2 == 0 ? limiterA : limiterB).tryAcquirePermission() ? 1 : 0;
        }
        assertThat(sharedGrants).isEqualTo(3);
        // And transitions spread again.
        breakerB.transitionToClosedState();
        await().atMost(Duration.ofSeconds(5)).until(() -> breakerA.state() == State.CLOSED);
    }

    @Test
    void failClosedRejectsWhileTheStoreIsDownAndRecoversAfterwards() throws Exception {
        fleet(OutagePolicy.FAIL_CLOSED);
        CircuitBreaker breaker = a.breaker("strict", breakerConfig());
        RateLimiter limiter = a.limiter("strict-quota", RateLimiterConfig.builder().limitForPeriod(100).limitRefreshPeriod(PERIOD));
        assertThat(breaker.executeSupplier(() -> "up")).isEqualTo("up");
        assertThat(limiter.tryAcquirePermission()).isTrue();

        postgres.server().stop();
        // The first acquisition finds the store gone; from then on everything is rejected without waiting.
        bounded(() -> limiter.tryAcquirePermission());
        await().atMost(Duration.ofSeconds(5)).until(() -> a.store.info().isDegraded());
        assertThat(bounded(() -> limiter.tryAcquirePermission())).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> breaker.state() == State.FORCED_OPEN);
        assertThatThrownBy(() -> breaker.executeSupplier(() -> "no")).isInstanceOf(CallNotPermittedException.class);

        postgres.server().start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.store.info().isDegraded());
        await().atMost(Duration.ofSeconds(5)).until(() -> breaker.state() == State.CLOSED);
        assertThat(breaker.executeSupplier(() -> "up again")).isEqualTo("up again");
        assertThat(limiter.tryAcquirePermission()).isTrue();
    }

    @Test
    void anInstanceStartedWhileTheDatabaseIsDownWorksLocallyAndJoinsWhenItComesBack() throws Exception {
        String database = postgres.server().createDatabase();
        JdbcSchema.postgresql().apply(postgres.server().dataSource(database));
        postgres.server().stop();
        a = new Instance(postgres.server(), database, "instance-a", SharedStoreOptions.builder().timeout(TIMEOUT));
        CircuitBreaker breakerA = a.breaker("late", breakerConfig());
        assertThat(bounded(() -> breakerA.executeSupplier(() -> "works"))).isEqualTo("works");
        assertThat(breakerA.storeInfo().isDegraded()).isTrue();

        postgres.server().start();
        b = new Instance(postgres.server(), database, "instance-b", SharedStoreOptions.builder().timeout(TIMEOUT));
        CircuitBreaker breakerB = b.breaker("late", breakerConfig());
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.store.info().isDegraded());
        breakerB.transitionToForcedOpenState();
        await().atMost(Duration.ofSeconds(5)).until(() -> breakerA.state() == State.FORCED_OPEN);
        assertThat(List.of(breakerA.state(), breakerB.state())).containsOnly(State.FORCED_OPEN);
    }
}
