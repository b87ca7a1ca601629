package dev.resilience.jdbc.internal;

import dev.resilience.jdbc.JdbcSchema;
import dev.resilience.jdbc.testing.PostgresExtension;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.spi.Acquisition;
import dev.resilience.ratelimiter.spi.InMemoryRateLimiterStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The acquisition statement against a real server, at explicit times so every boundary is exact. */
class RateLimiterSqlTest {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    /** A multiple of every period used here, so periods start at the same instants as the in-memory store's. */
    static final long T0_US = 1_700_000_000_000_000L;
    static final long SECOND_US = 1_000_000L;

    static DataSource db;
    static int names;

    @BeforeAll
    static void schema() throws Exception {
        db = postgres.server().dataSource(postgres.server().createDatabase());
        JdbcSchema.postgresql().apply(db);
    }

    private static RateLimiterSql.Answer acquire(Connection c, String name, long limit, long periodUs, int permits,
            long timeoutUs, long nowUs) throws Exception {
        RateLimiterSql.Answer answer = new RateLimiterSql.Answer();
        RateLimiterSql.acquire(c, name, null, limit, periodUs, permits, timeoutUs, nowUs, answer);
        return answer;
    }

    @Test
    void theFirstAcquisitionInsertsTheRowAndLaterOnesUseItUpThenReject() throws Exception {
        try (Connection c = db.getConnection()) {
            String name = "basic-" + names++;
            for (int i = 0; i < 3; i++) {
                assertThat(acquire(c, name, 3, SECOND_US, 1, 0, T0_US + 10 + i).decision).isZero();
            }
            Expect.rejected(acquire(c, name, 3, SECOND_US, 1, 0, T0_US + 250_000), 750_000_000L);
            assertThat(acquire(c, name, 3, SECOND_US, 1, 0, T0_US + SECOND_US).decision)
                    .as("a new period has its permits again").isZero();
        }
    }

    @Test
    void aCallerWillingToWaitReservesThePermitsOfTheNextPeriodAndLaterCallersQueueBehindIt() throws Exception {
        try (Connection c = db.getConnection()) {
            String name = "reserve-" + names++;
            assertThat(acquire(c, name, 2, SECOND_US, 2, 0, T0_US).decision).isZero();
            Expect.granted(acquire(c, name, 2, SECOND_US, 1, 2 * SECOND_US, T0_US + 400_000), 600_000_000L);
            Expect.granted(acquire(c, name, 2, SECOND_US, 2, 2 * SECOND_US, T0_US + 400_000), 1_600_000_000L);
            Expect.rejected(acquire(c, name, 2, SECOND_US, 1, 0, T0_US + SECOND_US + 1), 1_999_999_000L);
        }
    }

    /**
     * The same random sequence of acquisitions against the in-memory store and the statement: every decision,
     * grant or rejection, and every wait and retry-after, must be equal. Switching the store changes no number.
     */
    @ParameterizedTest(name = "limit {0} per {1} µs")
    @CsvSource({"1, 1000000", "3, 1000000", "10, 250000", "7, 1000"})
    void decidesExactlyLikeTheInMemoryStore(int limit, long periodUs) throws Exception {
        String name = "differential-" + names++;
        AtomicLong tickerNanos = new AtomicLong(T0_US * 1000);
        RateLimiterConfig config = RateLimiterConfig.builder().limitForPeriod(limit)
                .limitRefreshPeriod(Duration.ofNanos(periodUs * 1000)).ticker(tickerNanos::get).build();
        InMemoryRateLimiterStore memory = new InMemoryRateLimiterStore(config, tickerNanos.get());
        Random random = new Random(limit * 31L + periodUs);
        long nowUs = T0_US;
        int grants = 0;
        int rejections = 0;
        try (Connection c = db.getConnection()) {
            for (int i = 0; i < 1500; i++) {
                int step = random.nextInt(10);
                if (step < 4) {
                    nowUs += random.nextInt(step == 0 ? (int) (2 * periodUs) + 1 : (int) (periodUs / 4) + 1);
                }
                tickerNanos.set(nowUs * 1000);
                int permits = 1 + random.nextInt(limit);
                long timeoutUs = random.nextInt(3) == 0 ? 0 : random.nextInt((int) (3 * periodUs));
                long expected = memory.acquire(nowUs * 1000, permits, timeoutUs * 1000);
                long actual = acquire(c, name, limit, periodUs, permits, timeoutUs, nowUs).decision;
                assertThat(Acquisition.describe(actual)).as("step %d at +%d µs, %d permits, timeout %d µs", i,
                        nowUs - T0_US, permits, timeoutUs).isEqualTo(Acquisition.describe(expected));
                if (Acquisition.isGranted(actual)) {
                    grants++;
                } else {
                    rejections++;
                }
            }
        }
        assertThat(grants).as("the sequence exercises grants").isGreaterThan(100);
        assertThat(rejections).as("and rejections").isGreaterThan(100);
    }

    @Test
    void aReconfiguredLimiterKeepsWhatItUsedOfTheCurrentPeriodCappedAtTheNewLimit() throws Exception {
        try (Connection c = db.getConnection()) {
            String name = "reconfigure-" + names++;
            for (int i = 0; i < 4; i++) {
                assertThat(acquire(c, name, 5, SECOND_US, 1, 0, T0_US + i).decision).isZero();
            }
            // Limit raised to 6: 4 used, 2 left in this period.
            assertThat(acquire(c, name, 6, SECOND_US, 2, 0, T0_US + 10).decision).isZero();
            Expect.rejected(acquire(c, name, 6, SECOND_US, 1, 0, T0_US + 10), SECOND_US * 1000 - 10_000);
            // Lowered to 2: used is capped at 2, still nothing left now; the next period has 2.
            Expect.rejected(acquire(c, name, 2, SECOND_US, 1, 0, T0_US + 20), SECOND_US * 1000 - 20_000);
            assertThat(acquire(c, name, 2, SECOND_US, 2, 0, T0_US + SECOND_US).decision).isZero();
        }
    }

    @Test
    void expiredRowsAreDeletedAndLiveOnesKept() throws Exception {
        try (Connection c = db.getConnection()) {
            String idle = "idle-" + names++;
            String busy = "busy-" + names++;
            acquire(c, idle, 5, SECOND_US, 1, 0, T0_US);
            acquire(c, busy, 5, SECOND_US, 1, 0, T0_US + 10 * SECOND_US);
            // A row lives two periods plus the timeout after its last acquisition.
            RateLimiterSql.deleteExpired(c, T0_US + 2 * SECOND_US - 1);
            assertThat(rows(c, idle)).isEqualTo(1);
            RateLimiterSql.deleteExpired(c, T0_US + 2 * SECOND_US + 1);
            assertThat(rows(c, idle)).isZero();
            assertThat(rows(c, busy)).isEqualTo(1);
            assertThat(acquire(c, idle, 5, SECOND_US, 5, 0, T0_US + 3 * SECOND_US).decision)
                    .as("a deleted limiter starts afresh").isZero();
        }
    }

    @Test
    void withoutAnExplicitTimeTheDatabaseClockCutsThePeriods() throws Exception {
        try (Connection c = db.getConnection()) {
            String name = "clock-" + names++;
            RateLimiterSql.Answer answer = new RateLimiterSql.Answer();
            RateLimiterSql.acquire(c, name, null, 1, 3600 * SECOND_US, 1, 0, null, answer);
            assertThat(answer.decision).isZero();
            long wallUs = System.currentTimeMillis() * 1000;
            assertThat(answer.nowMicros).isBetween(wallUs - 60 * SECOND_US, wallUs + 60 * SECOND_US);
            assertThat(answer.cycle).isEqualTo(answer.nowMicros / (3600 * SECOND_US));
            RateLimiterSql.acquire(c, name, null, 1, 3600 * SECOND_US, 1, 0, null, answer);
            assertThat(Acquisition.isGranted(answer.decision)).isFalse();
        }
    }

    @Test
    void keysOfOneLimiterAreIndependentRows() throws Exception {
        try (Connection c = db.getConnection()) {
            String name = "keyed-" + names++;
            RateLimiterSql.Answer answer = new RateLimiterSql.Answer();
            RateLimiterSql.acquire(c, name, "alice", 1, SECOND_US, 1, 0, T0_US, answer);
            assertThat(answer.decision).isZero();
            RateLimiterSql.acquire(c, name, "bob", 1, SECOND_US, 1, 0, T0_US, answer);
            assertThat(answer.decision).isZero();
            RateLimiterSql.acquire(c, name, "alice", 1, SECOND_US, 1, 0, T0_US, answer);
            assertThat(Acquisition.isGranted(answer.decision)).isFalse();
            RateLimiterSql.acquire(c, name, "", 1, SECOND_US, 1, 0, T0_US, answer);
            assertThat(answer.decision).as("the key \"\" is not the plain limiter").isZero();
            RateLimiterSql.acquire(c, name, null, 1, SECOND_US, 1, 0, T0_US, answer);
            assertThat(answer.decision).as("the plain limiter of the same name").isZero();
        }
    }

    private static int rows(Connection c, String name) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM resilience_rate_limiter WHERE limiter_name = '" + name + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

final class Expect {
    private Expect() {
    }

    static void granted(RateLimiterSql.Answer answer, long waitNanos) {
        assertThat(Acquisition.describe(answer.decision)).isEqualTo(Acquisition.describe(Acquisition.granted(waitNanos)));
    }

    static void rejected(RateLimiterSql.Answer answer, long retryAfterNanos) {
        assertThat(Acquisition.describe(answer.decision))
                .isEqualTo(Acquisition.describe(Acquisition.rejected(retryAfterNanos)));
    }
}
