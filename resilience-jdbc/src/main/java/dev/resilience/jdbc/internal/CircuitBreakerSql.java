package dev.resilience.jdbc.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The circuit breaker's statements on PostgreSQL. Internal.
 *
 * <ul>
 *   <li>The state row of a breaker is created once ({@link #INSERT_IF_ABSENT}) and then only changed by
 *       {@link #TRANSITION}, a conditional {@code UPDATE ... WHERE epoch = ?}: of two instances deciding the
 *       end of the same period, exactly one updates a row, the other gets none and adopts the winner's state.
 *       The same statement sends a {@code NOTIFY} on {@value #CHANNEL} (delivered when it commits), so every
 *       listening instance re-reads the row at once.
 *   <li>HALF_OPEN's trial permits are a counter in the row taken by a conditional decrement
 *       ({@link #TAKE_TRIAL_PERMIT}): across the fleet, at most the permitted number of trial calls is
 *       admitted per HALF_OPEN period.
 *   <li>Outcomes of a CLOSED period are added to per-second buckets by a batched upsert
 *       ({@link #ADD_OUTCOMES}); instances sum the buckets of the window ({@link #WINDOW}).
 * </ul>
 * Times are microseconds since the Unix epoch on the database clock.
 */
public final class CircuitBreakerSql {

    /** The {@code LISTEN}/{@code NOTIFY} channel of transitions; the payload is the breaker's name. */
    public static final String CHANNEL = "resilience_circuit_breaker";

    static final String NOW_US = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::bigint";

    private static final String COLUMNS =
            "breaker_name, state, epoch, since_us, period_us, trial_permits, trial_calls, trial_failed, trial_slow, changed_by";

    /** Parameters: 1 name, 2 instance id. Creates the CLOSED row of epoch 0 unless there is one. */
    public static final String INSERT_IF_ABSENT = "INSERT INTO resilience_circuit_breaker (" + COLUMNS + ", changed_at)"
            + " VALUES (?, 'CLOSED', 0, " + NOW_US + ", -1, 0, 0, 0, 0, ?, clock_timestamp())"
            + " ON CONFLICT (breaker_name) DO NOTHING";

    /** Parameter: 1 a text array of names. The rows, and the database time of the read. */
    public static final String READ = "SELECT " + COLUMNS + ", " + NOW_US + " AS now_us"
            + " FROM resilience_circuit_breaker WHERE breaker_name = ANY(?)";

    /**
     * Parameters: 1 state, 2 new epoch, 3 period µs (-1 = unlimited), 4 trial permits, 5 instance id, 6 name,
     * 7 the epoch the transition was decided from. Returns the new row (and notifies), or no row when another
     * transition came first.
     */
    public static final String TRANSITION = "WITH moved AS ("
            + "UPDATE resilience_circuit_breaker SET state = ?, epoch = ?, since_us = " + NOW_US + ", period_us = ?,"
            + " trial_permits = ?, trial_calls = 0, trial_failed = 0, trial_slow = 0, changed_by = ?,"
            + " changed_at = clock_timestamp()"
            + " WHERE breaker_name = ? AND epoch = ?"
            + " RETURNING " + COLUMNS + ")"
            + " SELECT moved.*, " + NOW_US + " AS now_us, pg_notify('" + CHANNEL + "', moved.breaker_name) FROM moved";

    /** Parameters: 1 name, 2 epoch. One row (the permits left) when a permit was taken. */
    public static final String TAKE_TRIAL_PERMIT = "UPDATE resilience_circuit_breaker SET trial_permits = trial_permits - 1"
            + " WHERE breaker_name = ? AND epoch = ? AND state = 'HALF_OPEN' AND trial_permits > 0"
            + " RETURNING trial_permits";

    /** Parameters: 1 the permitted number, 2 name, 3 epoch. Gives one permit back, never above the permitted number. */
    public static final String RETURN_TRIAL_PERMIT = "UPDATE resilience_circuit_breaker"
            + " SET trial_permits = LEAST(trial_permits + 1, ?)"
            + " WHERE breaker_name = ? AND epoch = ? AND state = 'HALF_OPEN'";

    /**
     * Parameters: 1 failed (0/1), 2 slow (0/1), 3 name, 4 epoch. Records one trial outcome and returns the
     * trial totals, or no row when the period is over.
     */
    public static final String RECORD_TRIAL = "UPDATE resilience_circuit_breaker"
            + " SET trial_calls = trial_calls + 1, trial_failed = trial_failed + ?, trial_slow = trial_slow + ?"
            + " WHERE breaker_name = ? AND epoch = ? AND state = 'HALF_OPEN'"
            + " RETURNING trial_calls, trial_failed, trial_slow";

    /** Parameters: 1 name, 2 epoch, 3 bucket (second), 4 calls, 5 failed, 6 slow, 7 slow and failed. Batched. */
    public static final String ADD_OUTCOMES = "INSERT INTO resilience_circuit_breaker_outcome AS o"
            + " (breaker_name, epoch, bucket, calls, failed, slow, slow_failed) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (breaker_name, epoch, bucket) DO UPDATE SET calls = o.calls + excluded.calls,"
            + " failed = o.failed + excluded.failed, slow = o.slow + excluded.slow,"
            + " slow_failed = o.slow_failed + excluded.slow_failed";

    /**
     * Parameters: 1 name, 2 epoch, 3 the oldest bucket of the window. The buckets of the window, newest first,
     * with the running total of calls from the newest one down (for a count-based window).
     */
    public static final String WINDOW = "SELECT bucket, calls, failed, slow, slow_failed,"
            + " sum(calls) OVER (ORDER BY bucket DESC) AS running"
            + " FROM resilience_circuit_breaker_outcome WHERE breaker_name = ? AND epoch = ? AND bucket >= ?"
            + " ORDER BY bucket DESC";

    /**
     * Parameters: 1 name, 2 the current epoch, 3 the oldest bucket still in the window. Deletes the buckets of
     * ended periods and those that left the window.
     */
    public static final String DELETE_OLD_OUTCOMES = "DELETE FROM resilience_circuit_breaker_outcome"
            + " WHERE breaker_name = ? AND (epoch < ? OR bucket < ?)";

    /** The database time µs. */
    public static final String NOW = "SELECT " + NOW_US;

    private CircuitBreakerSql() {
    }

    /** A breaker's state row as read. Immutable. */
    public static final class Row {
        public final String name;
        public final String state;
        public final long epoch;
        public final long sinceMicros;
        /** -1 = unlimited. */
        public final long periodMicros;
        public final int trialPermits;
        public final int trialCalls;
        public final int trialFailed;
        public final int trialSlow;
        public final String changedBy;
        /** The database time of the read (or of the transition). */
        public final long readAtMicros;

        Row(ResultSet rs) throws SQLException {
            this.name = rs.getString("breaker_name");
            this.state = rs.getString("state");
            this.epoch = rs.getLong("epoch");
            this.sinceMicros = rs.getLong("since_us");
            this.periodMicros = rs.getLong("period_us");
            this.trialPermits = rs.getInt("trial_permits");
            this.trialCalls = rs.getInt("trial_calls");
            this.trialFailed = rs.getInt("trial_failed");
            this.trialSlow = rs.getInt("trial_slow");
            this.changedBy = rs.getString("changed_by");
            this.readAtMicros = rs.getLong("now_us");
        }

        @Override
        public String toString() {
            return "Row[" + name + ", " + state + ", epoch=" + epoch + ", since=" + sinceMicros + ", period="
                    + periodMicros + ", trialPermits=" + trialPermits + ", trials=" + trialCalls + "/" + trialFailed
                    + "/" + trialSlow + ", by=" + changedBy + "]";
        }
    }

    /** The trial totals of a HALF_OPEN period after one more outcome. */
    public static final class Trials {
        public final int calls;
        public final int failed;
        public final int slow;

        Trials(int calls, int failed, int slow) {
            this.calls = calls;
            this.failed = failed;
            this.slow = slow;
        }
    }

    /** Totals of the buckets of a window. */
    public static final class Totals {
        public final long calls;
        public final long failed;
        public final long slow;
        public final long slowFailed;

        public Totals(long calls, long failed, long slow, long slowFailed) {
            this.calls = calls;
            this.failed = failed;
            this.slow = slow;
            this.slowFailed = slowFailed;
        }

        @Override
        public String toString() {
            return "Totals[calls=" + calls + ", failed=" + failed + ", slow=" + slow + ", slowFailed=" + slowFailed + "]";
        }
    }

    /** One bucket's counts to add. */
    public static final class Delta {
        public final String name;
        public final long epoch;
        public final long bucket;
        public final int calls;
        public final int failed;
        public final int slow;
        public final int slowFailed;

        public Delta(String name, long epoch, long bucket, int calls, int failed, int slow, int slowFailed) {
            this.name = name;
            this.epoch = epoch;
            this.bucket = bucket;
            this.calls = calls;
            this.failed = failed;
            this.slow = slow;
            this.slowFailed = slowFailed;
        }
    }

    public static void insertIfAbsent(Connection c, String name, String instance) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT_IF_ABSENT)) {
            s.setString(1, name);
            s.setString(2, instance);
            s.executeUpdate();
        }
    }

    public static List<Row> read(Connection c, List<String> names) throws SQLException {
        List<Row> rows = new ArrayList<>(names.size());
        try (PreparedStatement s = c.prepareStatement(READ)) {
            Array array = c.createArrayOf("text", names.toArray());
            try {
                s.setArray(1, array);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs));
                    }
                }
            } finally {
                array.free();
            }
        }
        return rows;
    }

    /** The new row, or {@code null} when the row's epoch is no longer {@code fromEpoch}. */
    public static Row transition(Connection c, String name, long fromEpoch, String state, long epoch,
            long periodMicros, int trialPermits, String instance) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(TRANSITION)) {
            s.setString(1, state);
            s.setLong(2, epoch);
            s.setLong(3, periodMicros);
            s.setInt(4, trialPermits);
            s.setString(5, instance);
            s.setString(6, name);
            s.setLong(7, fromEpoch);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Row(rs) : null;
            }
        }
    }

    public static boolean takeTrialPermit(Connection c, String name, long epoch) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(TAKE_TRIAL_PERMIT)) {
            s.setString(1, name);
            s.setLong(2, epoch);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    public static void returnTrialPermit(Connection c, String name, long epoch, int permitted) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(RETURN_TRIAL_PERMIT)) {
            s.setInt(1, permitted);
            s.setString(2, name);
            s.setLong(3, epoch);
            s.executeUpdate();
        }
    }

    /** The totals after this outcome, or {@code null} when the HALF_OPEN period is over. */
    public static Trials recordTrial(Connection c, String name, long epoch, boolean failed, boolean slow)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(RECORD_TRIAL)) {
            s.setInt(1, failed ? 1 : 0);
            s.setInt(2, slow ? 1 : 0);
            s.setString(3, name);
            s.setLong(4, epoch);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Trials(rs.getInt(1), rs.getInt(2), rs.getInt(3)) : null;
            }
        }
    }

    /** Adds every delta in one batch. */
    public static void addOutcomes(Connection c, List<Delta> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(ADD_OUTCOMES)) {
            for (Delta d : deltas) {
                s.setString(1, d.name);
                s.setLong(2, d.epoch);
                s.setLong(3, d.bucket);
                s.setInt(4, d.calls);
                s.setInt(5, d.failed);
                s.setInt(6, d.slow);
                s.setInt(7, d.slowFailed);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * The totals of a window.
     *
     * @param oldestBucket the oldest bucket (second) that still belongs to the window
     * @param maxCalls for a count-based window, the window's size: buckets are summed from the newest back
     *        until it is reached, and the oldest bucket that crosses it is counted pro rata;
     *        {@code Long.MAX_VALUE} for a time-based window
     */
    public static Totals window(Connection c, String name, long epoch, long oldestBucket, long maxCalls)
            throws SQLException {
        long calls = 0;
        long failed = 0;
        long slow = 0;
        long slowFailed = 0;
        try (PreparedStatement s = c.prepareStatement(WINDOW)) {
            s.setString(1, name);
            s.setLong(2, epoch);
            s.setLong(3, oldestBucket);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next() && calls < maxCalls) {
                    long bucketCalls = rs.getLong("calls");
                    long room = maxCalls - calls;
                    if (bucketCalls <= room) {
                        calls += bucketCalls;
                        failed += rs.getLong("failed");
                        slow += rs.getLong("slow");
                        slowFailed += rs.getLong("slow_failed");
                    } else {
                        // Only part of the oldest bucket fits: take its share of each count.
                        calls += room;
                        failed += Math.round((double) rs.getLong("failed") * room / bucketCalls);
                        slow += Math.round((double) rs.getLong("slow") * room / bucketCalls);
                        slowFailed += Math.round((double) rs.getLong("slow_failed") * room / bucketCalls);
                    }
                }
            }
        }
        return new Totals(calls, failed, slow, slowFailed);
    }

    public static int deleteOldOutcomes(Connection c, String name, long currentEpoch, long oldestBucket)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(DELETE_OLD_OUTCOMES)) {
            s.setString(1, name);
            s.setLong(2, currentEpoch);
            s.setLong(3, oldestBucket);
            return s.executeUpdate();
        }
    }

    public static long now(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(NOW); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
