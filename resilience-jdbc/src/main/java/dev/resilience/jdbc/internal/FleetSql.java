package dev.resilience.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The heartbeat of application instances on PostgreSQL. Internal. */
public final class FleetSql {

    /**
     * Parameters: 1 instance id, 2 time to live ms. Registers the instance and answers the number of live
     * instances, itself included (the snapshot does not see its own upsert, hence the 1 + others).
     */
    public static final String HEARTBEAT = "WITH beat AS ("
            + "INSERT INTO resilience_instance (instance_id, expires_ms) VALUES (?, " + CircuitBreakerSql.NOW_MS + " + ?)"
            + " ON CONFLICT (instance_id) DO UPDATE SET expires_ms = excluded.expires_ms RETURNING instance_id)"
            + " SELECT 1 + count(*) FROM resilience_instance i"
            + " WHERE i.expires_ms > " + CircuitBreakerSql.NOW_MS + " AND i.instance_id NOT IN (SELECT instance_id FROM beat)";

    /** Deletes instances that stopped heartbeating. */
    public static final String DELETE_EXPIRED = "DELETE FROM resilience_instance WHERE expires_ms < " + CircuitBreakerSql.NOW_MS;

    private FleetSql() {
    }

    public static int heartbeat(Connection c, String instanceId, long ttlMillis) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(HEARTBEAT)) {
            s.setString(1, instanceId);
            s.setLong(2, ttlMillis);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public static int deleteExpired(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(DELETE_EXPIRED)) {
            return s.executeUpdate();
        }
    }
}
