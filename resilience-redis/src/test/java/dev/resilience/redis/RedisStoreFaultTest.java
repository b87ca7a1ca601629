package dev.resilience.redis;

import dev.resilience.store.spi.StoreBackend;
import dev.resilience.store.testing.StoreFaultScenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A slow, dropping or vanishing Redis under load (see {@link StoreFaultScenarios}): the fault proxy in front of a
 * real Redis, and the server stopped and started again (empty: no persistence).
 */
class RedisStoreFaultTest extends StoreFaultScenarios {

    private static EmbeddedRedis redis;
    private final String prefix = "faults-" + Long.toHexString(System.nanoTime()) + ":";

    @BeforeAll
    static void startRedis() {
        redis = new EmbeddedRedis();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected int serverPort() {
        return redis.port();
    }

    @Override
    protected StoreBackend backendAt(String host, int port) {
        return RedisStoreBackend.builder().url("redis://" + host + ":" + port).keyPrefix(prefix).build();
    }

    @Override
    protected void stopServer() {
        redis.stop();
    }

    @Override
    protected void startServer() {
        redis.start();
    }

    @Override
    protected boolean keepsDataAcrossRestart() {
        return false;
    }
}
