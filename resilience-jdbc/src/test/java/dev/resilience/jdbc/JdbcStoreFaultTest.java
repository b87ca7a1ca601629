package dev.resilience.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.resilience.jdbc.testing.EmbeddedPostgresServer;
import dev.resilience.store.spi.StoreBackend;
import dev.resilience.store.testing.StoreFaultScenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A slow, dropping or vanishing PostgreSQL under load (see {@link StoreFaultScenarios}): the fault proxy in front
 * of a real PostgreSQL, reached through a HikariCP pool as an application would, and the server stopped and
 * started again (its data kept).
 */
class JdbcStoreFaultTest extends StoreFaultScenarios {

    private static final List<HikariDataSource> POOLS = new CopyOnWriteArrayList<>();
    private static EmbeddedPostgresServer server;
    private static String database;

    @BeforeAll
    static void startPostgres() throws Exception {
        server = EmbeddedPostgresServer.startNew();
        database = server.createDatabase();
        JdbcSchema.postgresql().apply(server.dataSource(database));
    }

    @AfterAll
    static void stopPostgres() {
        POOLS.forEach(HikariDataSource::close);
        POOLS.clear();
        server.close();
    }

    @Override
    protected int serverPort() {
        return server.port();
    }

    @Override
    protected StoreBackend backendAt(String host, int port) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://" + host + ":" + port + "/" + database);
        config.setUsername(server.user());
        config.setMaximumPoolSize(6);
        config.setConnectionTimeout(1000);
        config.setValidationTimeout(250);
        config.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(config);
        POOLS.add(pool);
        // A statement stuck on a black-holed connection frees its thread after 1 s; callers never wait that long.
        return JdbcStoreBackend.builder(pool).abandonAfter(storeTimeout()).networkTimeout(Duration.ofSeconds(1))
                .reconnectBackoff(Duration.ofMillis(200)).build();
    }

    @Override
    protected void stopServer() {
        server.stop();
    }

    @Override
    protected void startServer() {
        server.start();
    }

    @Override
    protected boolean keepsDataAcrossRestart() {
        return true;
    }
}
