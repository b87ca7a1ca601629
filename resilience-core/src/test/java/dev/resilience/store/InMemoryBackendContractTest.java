package dev.resilience.store;

import dev.resilience.store.spi.StoreBackend;
import dev.resilience.store.testing.InMemoryStoreServer;
import dev.resilience.store.testing.StoreBackendContract;

/** The reference backend keeps the contract it defines. */
class InMemoryBackendContractTest extends StoreBackendContract {

    private final InMemoryStoreServer server = new InMemoryStoreServer();

    @Override
    protected StoreBackend newConnection() {
        return server.connect();
    }
}
