package dev.resilience.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The rate limiter's statements on PostgreSQL. Internal.
 *
 * <h2>One acquisition = one statement</h2>
 * {@link #ACQUIRE} is a single {@code INSERT ... ON CONFLICT ... DO UPDATE ... RETURNING}: the first
 * acquisition of a limiter (or key) inserts its row and is granted; every later one locks the row, computes
 * the decision from it and writes the new state, atomically, in one round trip. Concurrent acquisitions of one
 * limiter from any number of instances queue on the row lock, so no two of them ever see the same state.
 *
 * <h2>The state</h2>
 * It is the in-memory store's algorithm ({@code InMemoryRateLimiterStore}) with the permit numbering made
 * relative: periods of {@code period_us} microseconds are cut from the Unix epoch on the <b>database clock</b>
 * (so all instances agree on them), {@code cycle} is the period of the last acquisition and {@code used} the
 * permits taken from the start of that period onwards. At acquisition time, in period {@code cur}:
 * <ol>
 *   <li>{@code rel}, the permits of the current period and later already taken: {@code used} shifted by the
 *       periods that passed since {@code cycle} (never below 0: unused permits of past periods are lost);
 *   <li>{@code ahead}, the first period (0 = the current one) that still has {@code n} permits after {@code rel}
 *       without straddling two periods;
 *   <li>{@code wait} = 0 when {@code ahead = 0}, else the time until that period starts; granted when
 *       {@code wait <= timeout}, and the new {@code used} is {@code rel + n} (or the first {@code n} of period
 *       {@code ahead}); rejected otherwise, with {@code wait} as the retry-after and nothing taken.
 * </ol>
 * The time of an acquisition that finds the row is read after the row lock is held, so acquisitions queued on
 * the lock decide on non-decreasing times: none sees the period its predecessor already left as current.
 * The decision is returned in the {@code Acquisition} encoding (in nanoseconds, at microsecond resolution).
 * A row written with another limit or period (a reconfigured limiter) keeps only what was used of its current
 * period, capped at the new limit, like the in-memory store.
 */
public final class RateLimiterSql {

    /** The database clock in microseconds since the Unix epoch, unless a time is passed (tests). */
    private static final String NOW_US = "COALESCE(?::bigint, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::bigint)";

    /**
     * Parameters: 1 name, 2 keyed, 3 key ('' for a plain limiter), 4 limit, 5 period µs, 6 permits, 7 row
     * lifetime µs after this acquisition, 8 the time µs or NULL for the database clock, 9 timeout µs, 10 the
     * time again (read once more after the row lock is held).
     * Returns decision, used, cycle, touched_us.
     */
    public static final String ACQUIRE = String.join("\n",
            "INSERT INTO resilience_rate_limiter AS r",
            "    (limiter_name, keyed, limiter_key, limit_for_period, period_us, cycle, used, decision, touched_us,",
            "     expires_us)",
            "SELECT p.name, p.keyed, p.key, p.lim, p.period, c.now_us / p.period, p.n, 0, c.now_us, c.now_us + p.ttl",
            "  FROM (SELECT ?::text AS name, ?::boolean AS keyed, ?::text AS key, ?::bigint AS lim, ?::bigint AS period,",
            "               ?::bigint AS n, ?::bigint AS ttl) p,",
            "       (SELECT " + NOW_US + " AS now_us) c",
            "ON CONFLICT (limiter_name, keyed, limiter_key) DO UPDATE SET",
            "    (limit_for_period, period_us, cycle, used, decision, touched_us, expires_us) = (",
            "    SELECT u.lim, u.period, u.cur,",
            "           CASE WHEN u.wait_us <= u.timeout_us THEN u.next_used ELSE u.rel END,",
            "           CASE WHEN u.wait_us <= u.timeout_us THEN u.wait_us * 1000 ELSE -1 - u.wait_us * 1000 END,",
            "           u.now_us, u.now_us + u.ttl",
            "      FROM (SELECT t.*,",
            "                   CASE WHEN t.ahead = 0 THEN 0 ELSE t.ahead * t.period - t.into_us END AS wait_us,",
            "                   CASE WHEN t.ahead = 0 OR t.rel % t.lim + t.n <= t.lim THEN t.rel + t.n",
            "                        ELSE t.ahead * t.lim + t.n END AS next_used",
            "              FROM (SELECT s.*,",
            "                           CASE WHEN s.rel + s.n <= s.lim THEN 0",
            "                                WHEN s.rel % s.lim + s.n > s.lim THEN s.rel / s.lim + 1",
            "                                ELSE s.rel / s.lim END AS ahead",
            "                      FROM (SELECT k.*, k.now_us - k.cur * k.period AS into_us,",
            "                                   CASE WHEN r.limit_for_period <> k.lim OR r.period_us <> k.period THEN",
            "                                            CASE WHEN (r.cycle + 1) * r.period_us > k.now_us",
            "                                                 THEN LEAST(r.used, r.limit_for_period, k.lim)",
            "                                                 ELSE 0 END",
            "                                        WHEN r.cycle >= k.cur THEN (r.cycle - k.cur) * k.lim + r.used",
            "                                        WHEN k.cur - r.cycle > r.used / k.lim THEN 0",
            "                                        ELSE r.used - (k.cur - r.cycle) * k.lim",
            "                                   END AS rel",
            // The time is read again here, after the row lock is held: an acquisition that waited for the lock
            // must not decide on a time older than the one its predecessor wrote.
            "                              FROM (SELECT excluded.limit_for_period AS lim, excluded.period_us AS period,",
            "                                           excluded.used AS n, excluded.expires_us - excluded.touched_us AS ttl,",
            "                                           ?::bigint AS timeout_us, c.now_us,",
            "                                           c.now_us / excluded.period_us AS cur",
            "                                      FROM (SELECT " + NOW_US + " AS now_us) c) k) s) t) u)",
            "RETURNING decision, used, cycle, touched_us");

    /** Deletes the rows whose state no longer matters. Parameter: the time µs or NULL for the database clock. */
    public static final String DELETE_EXPIRED = "DELETE FROM resilience_rate_limiter WHERE expires_us < " + NOW_US;

    /** Ten years: keeps {@code now + lifetime} far from bigint overflow whatever the timeout. */
    private static final long MAX_ROW_LIFETIME_US = 10L * 366 * 24 * 3600 * 1_000_000;

    private RateLimiterSql() {
    }

    /**
     * Runs {@link #ACQUIRE} on {@code connection} (auto-commit expected; the caller commits otherwise).
     *
     * @param key the key of a keyed limiter, {@code null} for a plain one
     * @param limit permits per period, {@code >= 1}
     * @param periodMicros the period in microseconds, {@code >= 1}
     * @param permits {@code 1 <= permits <= limit}
     * @param timeoutMicros the longest acceptable wait in microseconds, {@code >= 0}
     * @param nowMicros the time to decide at, or {@code null} for the database clock
     * @param into where the answer goes
     */
    public static void acquire(Connection connection, String name, String key, long limit, long periodMicros,
            int permits, long timeoutMicros, Long nowMicros, Answer into) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ACQUIRE)) {
            statement.setString(1, name);
            statement.setBoolean(2, key != null);
            statement.setString(3, key == null ? "" : key);
            statement.setLong(4, limit);
            statement.setLong(5, periodMicros);
            statement.setLong(6, permits);
            // The row matters until the last reservation it may hold has been used, plus one period of slack.
            statement.setLong(7, Math.min(MAX_ROW_LIFETIME_US,
                    saturatedAdd(saturatedAdd(periodMicros, periodMicros), timeoutMicros)));
            if (nowMicros == null) {
                statement.setNull(8, Types.BIGINT);
            } else {
                statement.setLong(8, nowMicros);
            }
            statement.setLong(9, timeoutMicros);
            if (nowMicros == null) {
                statement.setNull(10, Types.BIGINT);
            } else {
                statement.setLong(10, nowMicros);
            }
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("The rate limiter upsert returned no row");
                }
                into.decision = rs.getLong(1);
                into.used = rs.getLong(2);
                into.cycle = rs.getLong(3);
                into.nowMicros = rs.getLong(4);
            }
        }
    }

    /** Deletes expired rows; returns how many. */
    public static int deleteExpired(Connection connection, Long nowMicros) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE_EXPIRED)) {
            if (nowMicros == null) {
                statement.setNull(1, Types.BIGINT);
            } else {
                statement.setLong(1, nowMicros);
            }
            return statement.executeUpdate();
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** The answer to one acquisition. Mutable, owned by one thread. */
    public static final class Answer {
        /** The decision in the {@code Acquisition} encoding. */
        public long decision;
        /** The permits taken from period {@link #cycle} onwards after this acquisition. */
        public long used;
        /** The period of this acquisition. */
        public long cycle;
        /** The database time of this acquisition, µs since the epoch. */
        public long nowMicros;
    }
}
