package dev.resilience.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.resilience.jdbc.testing.EmbeddedPostgresServer;
import dev.resilience.store.spi.StoreBackend;
import dev.resilience.store.testing.StoreBackendContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/** The backend contract of every shared store, against a real PostgreSQL: each backend has a pool of its own. */
class JdbcBackendContractTest extends StoreBackendContract {

    static EmbeddedPostgresServer server;
    static String database;
    static final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        server = EmbeddedPostgresServer.startNew();
        database = server.createDatabase();
        JdbcSchema.postgresql().apply(server.dataSource(database));
    }

    @AfterAll
    static void stopPostgres() {
        pools.forEach(HikariDataSource::close);
        server.close();
    }

    static HikariDataSource pool(EmbeddedPostgresServer server, String database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl(database));
        config.setUsername(server.user());
        config.setMaximumPoolSize(6);
        config.setConnectionTimeout(1000);
        config.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Override
    protected StoreBackend newConnection() {
        return JdbcStoreBackend.builder(pool(server, database)).build();
    }

    /** Until every backend's connection sits in LISTEN (its last statement, seen in pg_stat_activity). */
    @Override
    protected void awaitSubscribed() {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection c = server.dataSource(database).getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN "
                            + dev.resilience.jdbc.internal.CircuitBreakerSql.CHANNEL + "'")) {
                rs.next();
                return rs.getInt(1) >= 1;
            }
        });
    }
}
