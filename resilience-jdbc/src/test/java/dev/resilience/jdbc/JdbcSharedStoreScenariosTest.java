package dev.resilience.jdbc;

import dev.resilience.jdbc.testing.EmbeddedPostgresServer;
import dev.resilience.store.spi.StoreBackend;
import dev.resilience.store.testing.SharedStoreScenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * The fleet scenarios of every shared store against a real PostgreSQL: instances with separate pools share
 * breakers and limiters; stopping the server mid-run keeps calls working; starting it again resumes sharing.
 */
class JdbcSharedStoreScenariosTest extends SharedStoreScenarios {

    static EmbeddedPostgresServer server;
    static String database;

    @BeforeAll
    static void startPostgres() throws Exception {
        server = EmbeddedPostgresServer.startNew();
        database = server.createDatabase();
        JdbcSchema.postgresql().apply(server.dataSource(database));
    }

    @AfterAll
    static void stopPostgres() {
        JdbcBackendContractTest.pools.forEach(com.zaxxer.hikari.HikariDataSource::close);
        server.close();
    }

    @Override
    protected StoreBackend newConnection() {
        // The scenarios' store timeout is 1 s.
        return JdbcStoreBackend.builder(JdbcBackendContractTest.pool(server, database))
                .abandonAfter(Duration.ofSeconds(1)).reconnectBackoff(Duration.ofMillis(200)).build();
    }

    @Override
    protected void stopServer() {
        server.stop();
    }

    @Override
    protected void startServer() {
        server.start();
    }
}
