package dev.resilience.jdbc.fleet;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.resilience.jdbc.JdbcSchema;
import dev.resilience.jdbc.internal.RateLimiterSql;
import dev.resilience.jdbc.testing.PostgresExtension;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.spi.Acquisition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Two application instances share rate limits through one PostgreSQL database. */
class SharedRateLimiterTest {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    String database;
    Instance a;
    Instance b;

    @BeforeEach
    void fleet() throws Exception {
        database = postgres.server().createDatabase();
        JdbcSchema.postgresql().apply(postgres.server().dataSource(database));
        a = new Instance(postgres.server(), database, "instance-a");
        b = new Instance(postgres.server(), database, "instance-b");
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    /**
     * Waits, if need be, until the database clock is far from the end of a period of {@code period}: periods
     * are cut from the Unix epoch on that clock, and this test must run within one.
     */
    private void awayFromAPeriodBoundary(Duration period, Duration needed) {
        long periodMs = period.toMillis();
        await().atMost(needed.plus(Duration.ofSeconds(5))).pollInterval(Duration.ofMillis(100)).until(() -> {
            long now = databaseMillis();
            return periodMs - now % periodMs > needed.toMillis();
        });
    }

    private long databaseMillis() throws Exception {
        try (Connection c = a.dataSource.getConnection(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT floor(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aLimitOfNAcrossTwoInstancesUnderConcurrentLoadGrantsExactlyN() throws Exception {
        int limit = 40;
        Duration period = Duration.ofMinutes(10);
        RateLimiterConfig.Builder config = RateLimiterConfig.builder().limitForPeriod(limit).limitRefreshPeriod(period);
        RateLimiter onA = a.limiter("api", config);
        RateLimiter onB = b.limiter("api", config);
        awayFromAPeriodBoundary(period, Duration.ofSeconds(30));

        int threadsPerInstance = 4;
        int attemptsPerThread = 40;
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(2 * threadsPerInstance);
        ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerInstance);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (RateLimiter limiter : List.of(onA, onB)) {
                for (int t = 0; t < threadsPerInstance; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < attemptsPerThread; i++) {
                            if (limiter.tryAcquirePermission()) {
                                granted.incrementAndGet();
                            } else {
                                rejected.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(a.store.info().isDegraded() || b.store.info().isDegraded())
                .as("the store answered throughout (else local shares would have decided)").isFalse();
        assertThat(granted.get()).as("0 over-grants, no permit lost").isEqualTo(limit);
        assertThat(rejected.get()).isEqualTo(2 * threadsPerInstance * attemptsPerThread - limit);
        assertThat(onA.metrics().availablePermissions()).isLessThanOrEqualTo(0);
    }

    @Test
    void aRejectionCarriesAnHonestRetryAfterOnEveryInstance() throws Exception {
        Duration period = Duration.ofMinutes(10);
        RateLimiterConfig.Builder config = RateLimiterConfig.builder().limitForPeriod(2).limitRefreshPeriod(period);
        RateLimiter onA = a.limiter("login", config);
        RateLimiter onB = b.limiter("login", config);
        awayFromAPeriodBoundary(period, Duration.ofSeconds(30));
        onA.acquirePermission();
        onB.acquirePermission();
        long before = databaseMillis();
        Duration untilNextPeriod = Duration.ofMillis(period.toMillis() - before % period.toMillis());
        assertThatThrownBy(onA::acquirePermission).isInstanceOfSatisfying(RateLimitExceededException.class, e -> {
            // The time until the next period on the database clock, measured a little later than `before`.
            assertThat(e.retryAfter()).isLessThanOrEqualTo(untilNextPeriod)
                    .isGreaterThan(untilNextPeriod.minusSeconds(5));
        });
        assertThatThrownBy(onB::acquirePermission).isInstanceOf(RateLimitExceededException.class);
    }

    @Test
    void aKeyedLimiterSharesEachKeysLimitAndKeysAreIndependent() {
        Duration period = Duration.ofMinutes(10);
        RateLimiterConfig.Builder config = RateLimiterConfig.builder().limitForPeriod(3).limitRefreshPeriod(period);
        KeyedRateLimiter onA = a.keyedLimiter("per-user", config);
        KeyedRateLimiter onB = b.keyedLimiter("per-user", config);
        awayFromAPeriodBoundary(period, Duration.ofSeconds(30));
        assertThat(onA.tryAcquirePermission("alice")).isTrue();
        assertThat(onB.tryAcquirePermission("alice")).isTrue();
        assertThat(onA.tryAcquirePermission("alice")).isTrue();
        assertThat(onB.tryAcquirePermission("alice")).as("alice used her 3 on two instances").isFalse();
        assertThat(onB.tryAcquirePermission("bob")).isTrue();
    }

    /**
     * Straight on the statement with the database clock, from two pools, periods of 100 ms: in every period
     * at most N grants, and exactly N in every period in which anybody was rejected.
     */
    @Test
    void everyShortPeriodGrantsAtMostNAndExactlyNWhenDemandExceedsIt() throws Exception {
        int limit = 20;
        long periodMicros = 100_000;
        Map<Long, LongAdder> grantsPerPeriod = new ConcurrentHashMap<>();
        Map<Long, LongAdder> rejectionsPerPeriod = new ConcurrentHashMap<>();
        List<HikariDataSource> pools = new ArrayList<>();
        for (String id : List.of("pool-a", "pool-b")) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(postgres.server().jdbcUrl(database));
            config.setUsername(postgres.server().user());
            config.setMaximumPoolSize(3);
            config.setPoolName(id);
            pools.add(new HikariDataSource(config));
        }
        int threads = 6;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                HikariDataSource pool = pools.get(t % 2);
                done.add(executor.submit(() -> {
                    RateLimiterSql.Answer answer = new RateLimiterSql.Answer();
                    while (System.nanoTime() < deadline) {
                        try (Connection c = pool.getConnection()) {
                            RateLimiterSql.acquire(c, "short", null, limit, periodMicros, 1, 0, null, answer);
                        }
                        (Acquisition.isGranted(answer.decision) ? grantsPerPeriod : rejectionsPerPeriod)
                                .computeIfAbsent(answer.cycle, k -> new LongAdder()).increment();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
            pools.forEach(HikariDataSource::close);
        }
        assertThat(grantsPerPeriod).isNotEmpty();
        grantsPerPeriod.forEach((cycle, grants) ->
                assertThat(grants.sum()).as("grants in period %d", cycle).isLessThanOrEqualTo(limit));
        assertThat(rejectionsPerPeriod).as("demand exceeded the limit in some periods").isNotEmpty();
        rejectionsPerPeriod.keySet().forEach(cycle ->
                assertThat(grantsPerPeriod.get(cycle).sum()).as("grants in full period %d", cycle).isEqualTo(limit));
    }
}
