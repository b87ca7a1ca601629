package dev.resilience.store;

import dev.resilience.store.spi.StoreBackend;
import dev.resilience.store.testing.InMemoryStoreServer;
import dev.resilience.store.testing.SharedStoreScenarios;

/** The fleet scenarios on the reference backend: the backend-neutral machinery on its own. */
class SharedStoreScenariosTest extends SharedStoreScenarios {

    private final InMemoryStoreServer server = new InMemoryStoreServer();

    @Override
    protected StoreBackend newConnection() {
        return server.connect();
    }

    @Override
    protected void stopServer() {
        server.mode(InMemoryStoreServer.Mode.DOWN);
    }

    @Override
    protected void startServer() {
        server.wipe();
        server.mode(InMemoryStoreServer.Mode.UP);
    }
}
