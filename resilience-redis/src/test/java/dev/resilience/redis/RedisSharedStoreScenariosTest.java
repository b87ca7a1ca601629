package dev.resilience.redis;

import dev.resilience.store.spi.StoreBackend;
import dev.resilience.store.testing.SharedStoreScenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The fleet scenarios against a real Redis: two instances with separate connections share breakers and limiters;
 * stopping Redis mid-run keeps calls working; starting it again (empty) resumes sharing.
 */
class RedisSharedStoreScenariosTest extends SharedStoreScenarios {

    private static EmbeddedRedis redis;
    private final String prefix = unique("scenario") + ":";

    @BeforeAll
    static void startRedis() {
        redis = new EmbeddedRedis();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected StoreBackend newConnection() {
        return RedisStoreBackend.builder().url(redis.url()).keyPrefix(prefix).build();
    }

    @Override
    protected void stopServer() {
        redis.stop();
    }

    @Override
    protected void startServer() {
        redis.start();
    }
}
