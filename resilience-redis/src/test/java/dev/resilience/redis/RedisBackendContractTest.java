package dev.resilience.redis;

import dev.resilience.store.spi.StoreBackend;
import dev.resilience.store.testing.StoreBackendContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** The backend contract against a real Redis. */
class RedisBackendContractTest extends StoreBackendContract {

    private static EmbeddedRedis redis;
    private static RedisClient inspector;
    private static StatefulRedisConnection<String, String> inspection;
    private final String prefix = unique("contract") + ":";

    @BeforeAll
    static void startRedis() {
        redis = new EmbeddedRedis();
        inspector = RedisClient.create(redis.url());
        inspection = inspector.connect();
    }

    @AfterAll
    static void stopRedis() {
        inspection.close();
        inspector.shutdown();
        redis.close();
    }

    @Override
    protected StoreBackend newConnection() {
        return RedisStoreBackend.builder().url(redis.url()).keyPrefix(prefix).build();
    }

    @Override
    protected void awaitSubscribed() {
        String channel = prefix + "transitions";
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<String, Long> subscribers = inspection.sync().pubsubNumsub(channel);
            return subscribers.getOrDefault(channel, 0L) >= 1;
        });
    }
}
