package dev.resilience.jdbc.internal;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.store.spi.BreakerRecord;
import dev.resilience.store.spi.BreakerWrite;
import dev.resilience.store.spi.OutcomeCounts;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The circuit breaker's statements on PostgreSQL. Internal.
 *
 * <ul>
 *   <li>A breaker's row is created by {@link #CREATE} ({@code INSERT ... ON CONFLICT DO NOTHING}) and then only
 *       changed by {@link #TRANSITION}, a conditional {@code UPDATE ... WHERE epoch = ?}: of two instances
 *       deciding the end of the same period exactly one updates the row. Both statements send a
 *       {@code NOTIFY} on {@value #CHANNEL} with the new record (delivered when the statement commits), so
 *       every listening instance learns the transition without reading.
 *   <li>HALF_OPEN's trial permits are a counter in the row, taken by a conditional increment
 *       ({@link #TAKE_TRIAL_PERMIT}): across the fleet, at most the permitted number of trial calls per
 *       HALF_OPEN period.
 *   <li>Outcomes go to {@code resilience_circuit_breaker_outcome}, in one statement per batch that also locks
 *       the breaker's row {@code FOR SHARE} (so no transition ends the period half-way) and returns what the
 *       window's totals are made of ({@link #RECORD_TIME_BASED}, {@link #RECORD_COUNT_BASED}).
 * </ul>
 * Times are milliseconds since the Unix epoch on the database clock.
 */
public final class CircuitBreakerSql {

    /** The {@code LISTEN}/{@code NOTIFY} channel of transitions; the payload is {@link #payload}'s format. */
    public static final String CHANNEL = "resilience_circuit_breaker";

    static final String NOW_MS = "floor(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint";

    /**
     * The notification payload, built in SQL from the written row: {@code epoch,STATE,since,period,L,} then
     * the origin (L bytes of UTF-8) directly followed by the breaker's name.
     */
    private static final String PAYLOAD = "concat_ws(',', w.epoch, w.state, w.since_ms, w.period_ms,"
            + " octet_length(w.origin), w.origin || w.breaker_name)";

    private static final String RECORD_COLUMNS = "breaker_name, state, epoch, since_ms, period_ms, origin";

    /** Parameters: 1 name. The record and the database time. */
    public static final String READ = "SELECT " + RECORD_COLUMNS + ", " + NOW_MS + " AS now_ms"
            + " FROM resilience_circuit_breaker WHERE breaker_name = ?";

    /** Parameters: 1 name, 2 state, 3 epoch, 4 period ms, 5 origin. The new record, or no row if one exists. */
    public static final String CREATE = "WITH w AS ("
            + "INSERT INTO resilience_circuit_breaker"
            + " (breaker_name, state, epoch, since_ms, period_ms, trial_taken, origin, changed_at)"
            + " SELECT ?, ?, ?, " + NOW_MS + ", ?, 0, ?, clock_timestamp()"
            + " ON CONFLICT (breaker_name) DO NOTHING"
            + " RETURNING " + RECORD_COLUMNS + ")"
            + " SELECT w.*, w.since_ms AS now_ms, pg_notify('" + CHANNEL + "', " + PAYLOAD + ") FROM w";

    /**
     * Parameters: 1 state, 2 epoch, 3 period ms, 4 origin, 5 name, 6 the expected epoch. The new record, or no
     * row when the stored epoch is another (or there is no row).
     */
    public static final String TRANSITION = "WITH w AS ("
            + "UPDATE resilience_circuit_breaker SET state = ?, epoch = ?, since_ms = " + NOW_MS + ", period_ms = ?,"
            + " trial_taken = 0, origin = ?, changed_at = clock_timestamp()"
            + " WHERE breaker_name = ? AND epoch = ?"
            + " RETURNING " + RECORD_COLUMNS + ")"
            + " SELECT w.*, w.since_ms AS now_ms, pg_notify('" + CHANNEL + "', " + PAYLOAD + ") FROM w";

    /** Parameters: 1 name, 2 epoch, 3 permitted. One row when a permit was taken. */
    public static final String TAKE_TRIAL_PERMIT = "UPDATE resilience_circuit_breaker SET trial_taken = trial_taken + 1"
            + " WHERE breaker_name = ? AND epoch = ? AND state = 'HALF_OPEN' AND trial_taken < ?"
            + " RETURNING trial_taken";

    /** Parameters: 1 name, 2 epoch. Gives one permit back, never below zero. */
    public static final String RETURN_TRIAL_PERMIT = "UPDATE resilience_circuit_breaker SET trial_taken = trial_taken - 1"
            + " WHERE breaker_name = ? AND epoch = ? AND state = 'HALF_OPEN' AND trial_taken > 0";

    /**
     * Time-based window. Parameters: 1 name, 2 epoch, 3..6 calls, failed, slow, slow-failed of the batch,
     * 7 calls again, 8 the window's seconds. Rows: kind 0 = the batch's bucket after adding it, kind 1 = the
     * other buckets of the window, kind 2 = present when the epoch is current. Nothing when it is not.
     */
    public static final String RECORD_TIME_BASED = "WITH cur AS ("
            + "SELECT breaker_name, epoch, floor(EXTRACT(EPOCH FROM clock_timestamp()))::bigint AS second"
            + " FROM resilience_circuit_breaker WHERE breaker_name = ? AND epoch = ? FOR SHARE),"
            + " added AS (INSERT INTO resilience_circuit_breaker_outcome AS o"
            + " (breaker_name, epoch, slot, calls, failed, slow, slow_failed)"
            + " SELECT cur.breaker_name, cur.epoch, cur.second, ?, ?, ?, ? FROM cur WHERE ?::integer > 0"
            + " ON CONFLICT (breaker_name, epoch, slot) DO UPDATE SET calls = o.calls + excluded.calls,"
            + " failed = o.failed + excluded.failed, slow = o.slow + excluded.slow,"
            + " slow_failed = o.slow_failed + excluded.slow_failed"
            + " RETURNING slot, calls, failed, slow, slow_failed)"
            + " SELECT 0 AS kind, slot, calls, failed, slow, slow_failed FROM added"
            + " UNION ALL SELECT 1, o.slot, o.calls, o.failed, o.slow, o.slow_failed"
            + " FROM resilience_circuit_breaker_outcome o, cur"
            + " WHERE o.breaker_name = cur.breaker_name AND o.epoch = cur.epoch AND o.slot > cur.second - ?"
            + " AND o.slot <= cur.second AND o.slot <> ALL (SELECT slot FROM added)"
            + " UNION ALL SELECT 2, 0, 0, 0, 0, 0 FROM cur";

    /**
     * Count-based window. Parameters: 1 name, 2 epoch, 3..6 the batch's counts, 7 calls again, 8 the window's
     * size. Rows: kind 0 = the batch, kind 1 = the newest earlier batches (at most size of them), kind 2 =
     * present when the epoch is current. Nothing when it is not.
     */
    public static final String RECORD_COUNT_BASED = "WITH cur AS ("
            + "SELECT breaker_name, epoch FROM resilience_circuit_breaker WHERE breaker_name = ? AND epoch = ? FOR SHARE),"
            + " added AS (INSERT INTO resilience_circuit_breaker_outcome"
            + " (breaker_name, epoch, slot, calls, failed, slow, slow_failed)"
            + " SELECT cur.breaker_name, cur.epoch, nextval('resilience_circuit_breaker_batch'), ?, ?, ?, ?"
            + " FROM cur WHERE ?::integer > 0"
            + " RETURNING slot, calls, failed, slow, slow_failed)"
            + " SELECT 0 AS kind, slot, calls, failed, slow, slow_failed FROM added"
            + " UNION ALL (SELECT 1, o.slot, o.calls, o.failed, o.slow, o.slow_failed"
            + " FROM resilience_circuit_breaker_outcome o, cur"
            + " WHERE o.breaker_name = cur.breaker_name AND o.epoch = cur.epoch ORDER BY o.slot DESC LIMIT ?)"
            + " UNION ALL SELECT 2, 0, 0, 0, 0, 0 FROM cur";

    /** Deletes the outcomes of ended periods, and of breakers whose row is gone. */
    public static final String DELETE_ENDED_OUTCOMES = "DELETE FROM resilience_circuit_breaker_outcome o"
            + " WHERE NOT EXISTS (SELECT 1 FROM resilience_circuit_breaker b"
            + " WHERE b.breaker_name = o.breaker_name AND b.epoch <= o.epoch)";

    /** Parameters: 1 name, 2 the window's seconds. Deletes the buckets that left a time-based window. */
    public static final String DELETE_OLD_BUCKETS = "DELETE FROM resilience_circuit_breaker_outcome"
            + " WHERE breaker_name = ? AND slot <= floor(EXTRACT(EPOCH FROM clock_timestamp()))::bigint - ?";

    /**
     * Parameters: 1 name, 2 name, 3 the window's size. Deletes the batches that left a count-based window
     * (each batch holds at least one call, so the newest size batches always cover it).
     */
    public static final String DELETE_OLD_BATCHES = "DELETE FROM resilience_circuit_breaker_outcome o"
            + " USING resilience_circuit_breaker b WHERE o.breaker_name = ? AND b.breaker_name = o.breaker_name"
            + " AND o.epoch = b.epoch AND o.slot < (SELECT min(slot) FROM (SELECT slot FROM resilience_circuit_breaker_outcome"
            + " WHERE breaker_name = ? AND epoch = b.epoch ORDER BY slot DESC LIMIT ?) newest)";

    private CircuitBreakerSql() {
    }

    /** The record, or {@code null} when there is none. */
    public static BreakerRecord read(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(READ)) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? record(rs) : null;
            }
        }
    }

    /**
     * Writes a new period if the stored epoch is {@code expectedEpoch} ({@code -1}: only if there is no row).
     * On failure the stored record is read in a new statement, so the answer is never older than the write
     * that won.
     */
    public static BreakerWrite compareAndSet(Connection c, String name, long expectedEpoch, CircuitBreaker.State state,
            long epoch, long periodMillis, String origin) throws SQLException {
        BreakerRecord written;
        if (expectedEpoch < 0) {
            try (PreparedStatement s = c.prepareStatement(CREATE)) {
                s.setString(1, name);
                s.setString(2, state.name());
                s.setLong(3, epoch);
                s.setLong(4, periodMillis);
                s.setString(5, origin);
                written = single(s);
            }
        } else {
            try (PreparedStatement s = c.prepareStatement(TRANSITION)) {
                s.setString(1, state.name());
                s.setLong(2, epoch);
                s.setLong(3, periodMillis);
                s.setString(4, origin);
                s.setString(5, name);
                s.setLong(6, expectedEpoch);
                written = single(s);
            }
        }
        return written != null ? new BreakerWrite(true, written) : new BreakerWrite(false, read(c, name));
    }

    public static boolean takeTrialPermit(Connection c, String name, long epoch, int permitted) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(TAKE_TRIAL_PERMIT)) {
            s.setString(1, name);
            s.setLong(2, epoch);
            s.setInt(3, permitted);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    public static void returnTrialPermit(Connection c, String name, long epoch) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(RETURN_TRIAL_PERMIT)) {
            s.setString(1, name);
            s.setLong(2, epoch);
            s.executeUpdate();
        }
    }

    /**
     * Adds a batch to the window of period {@code epoch} and answers the window's totals, or {@code null} when
     * {@code epoch} is not the stored one.
     */
    public static OutcomeCounts recordOutcomes(Connection c, String name, long epoch,
            CircuitBreakerConfig.SlidingWindowType type, int size, OutcomeCounts batch) throws SQLException {
        boolean timeBased = type == CircuitBreakerConfig.SlidingWindowType.TIME_BASED;
        List<long[]> slots = new ArrayList<>();
        boolean current = false;
        try (PreparedStatement s = c.prepareStatement(timeBased ? RECORD_TIME_BASED : RECORD_COUNT_BASED)) {
            s.setString(1, name);
            s.setLong(2, epoch);
            s.setInt(3, batch.calls());
            s.setInt(4, batch.failedCalls());
            s.setInt(5, batch.slowCalls());
            s.setInt(6, batch.slowFailedCalls());
            s.setInt(7, batch.calls());
            s.setInt(8, size);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(1) == 2) {
                        current = true;
                    } else {
                        slots.add(new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)});
                    }
                }
            }
        }
        if (!current) {
            return null;
        }
        return timeBased ? sum(slots) : lastOutcomes(slots, size);
    }

    private static OutcomeCounts sum(List<long[]> slots) {
        long calls = 0;
        long failed = 0;
        long slow = 0;
        long slowFailed = 0;
        for (long[] slot : slots) {
            calls += slot[1];
            failed += slot[2];
            slow += slot[3];
            slowFailed += slot[4];
        }
        return counts(calls, failed, slow, slowFailed);
    }

    /**
     * The last {@code size} outcomes of batches given as {slot, calls, failed, slow, slowFailed}: the newest
     * batches whole, and of the oldest one that crosses {@code size} its last outcomes. Within a batch the
     * outcomes are in this order: slow failures, other failures, slow successes, other successes; so its last
     * {@code k} are taken from the end of that order.
     */
    static OutcomeCounts lastOutcomes(List<long[]> slots, int size) {
        long[][] newestFirst = slots.toArray(new long[0][]);
        Arrays.sort(newestFirst, (a, b) -> Long.compare(b[0], a[0]));
        long calls = 0;
        long failed = 0;
        long slow = 0;
        long slowFailed = 0;
        for (long[] batch : newestFirst) {
            long room = size - calls;
            if (room <= 0) {
                break;
            }
            if (batch[1] <= room) {
                calls += batch[1];
                failed += batch[2];
                slow += batch[3];
                slowFailed += batch[4];
                continue;
            }
            long slowFailures = batch[4];
            long otherFailures = batch[2] - batch[4];
            long slowSuccesses = batch[3] - batch[4];
            long otherSuccesses = batch[1] - batch[2] - batch[3] + batch[4];
            long k = room;
            long take = Math.min(k, otherSuccesses);
            k -= take;
            long takeSlowSuccesses = Math.min(k, slowSuccesses);
            k -= takeSlowSuccesses;
            long takeOtherFailures = Math.min(k, otherFailures);
            k -= takeOtherFailures;
            long takeSlowFailures = Math.min(k, slowFailures);
            calls += room;
            failed += takeOtherFailures + takeSlowFailures;
            slow += takeSlowSuccesses + takeSlowFailures;
            slowFailed += takeSlowFailures;
        }
        return counts(calls, failed, slow, slowFailed);
    }

    private static OutcomeCounts counts(long calls, long failed, long slow, long slowFailed) {
        return new OutcomeCounts(saturatedInt(calls), saturatedInt(failed), saturatedInt(slow), saturatedInt(slowFailed));
    }

    private static int saturatedInt(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }

    private static BreakerRecord single(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? record(rs) : null;
        }
    }

    private static BreakerRecord record(ResultSet rs) throws SQLException {
        return new BreakerRecord(CircuitBreaker.State.valueOf(rs.getString("state")), rs.getLong("epoch"),
                rs.getLong("since_ms"), rs.getLong("period_ms"), rs.getString("origin"), rs.getLong("now_ms"));
    }

    /**
     * Parses a notification payload into (name, record); {@code null} when it is not one of ours (another
     * application on the channel, a newer format).
     */
    public static Notified parse(String payload) {
        if (payload == null) {
            return null;
        }
        String[] fields = payload.split(",", 6);
        if (fields.length != 6) {
            return null;
        }
        try {
            long epoch = Long.parseLong(fields[0]);
            CircuitBreaker.State state = CircuitBreaker.State.valueOf(fields[1]);
            long since = Long.parseLong(fields[2]);
            long period = Long.parseLong(fields[3]);
            int originBytes = Integer.parseInt(fields[4]);
            byte[] rest = fields[5].getBytes(StandardCharsets.UTF_8);
            if (originBytes < 0 || originBytes > rest.length) {
                return null;
            }
            String origin = new String(rest, 0, originBytes, StandardCharsets.UTF_8);
            String name = new String(rest, originBytes, rest.length - originBytes, StandardCharsets.UTF_8);
            return new Notified(name, new BreakerRecord(state, epoch, since, period, origin, since));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A parsed notification. */
    public static final class Notified {
        public final String name;
        public final BreakerRecord record;

        Notified(String name, BreakerRecord record) {
            this.name = name;
            this.record = record;
        }
    }
}
