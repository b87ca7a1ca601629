package dev.resilience.redis;

import java.time.Duration;
import java.util.List;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.store.SharedStore;
import dev.resilience.store.SharedStoreOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the Redis store leaves in Redis: one key per limiter key, with a TTL; breaker keys in one hash slot. */
class RedisKeysTest {

    private static EmbeddedRedis redis;
    private static RedisClient inspector;
    private static StatefulRedisConnection<String, String> inspection;
    private SharedStore store;

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

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private SharedStore start(String prefix) {
        store = SharedStore.start(RedisStoreBackend.builder().url(redis.url()).keyPrefix(prefix).build(),
                SharedStoreOptions.builder().timeout(Duration.ofSeconds(1)).build());
        return store;
    }

    @Test
    void eachKeyOfAKeyedLimiterIsARedisKeyThatExpiresWithItsPeriods() {
        SharedStore shared = start("keys-1:");
        KeyedRateLimiter perUser = KeyedRateLimiter.of("per-user", RateLimiterConfig.builder().limitForPeriod(5)
                .limitRefreshPeriod(Duration.ofSeconds(30)).store(shared.rateLimiters()).build());

        perUser.tryAcquirePermission("alice");
        perUser.tryAcquirePermission("bob");

        List<String> keys = inspection.sync().keys("keys-1:rl:*");
        assertThat(keys).containsExactlyInAnyOrder("keys-1:rl:8:per-user:alice", "keys-1:rl:8:per-user:bob");
        for (String key : keys) {
            assertThat(inspection.sync().pttl(key)).as(key).isBetween(1L, 30_000L);
        }
    }

    @Test
    void idleLimiterKeysVanish() {
        SharedStore shared = start("keys-2:");
        KeyedRateLimiter perUser = KeyedRateLimiter.of("short", RateLimiterConfig.builder().limitForPeriod(5)
                .limitRefreshPeriod(Duration.ofMillis(200)).store(shared.rateLimiters()).build());
        perUser.tryAcquirePermission("carol");
        assertThat(inspection.sync().exists("keys-2:rl:5:short:carol")).isEqualTo(1L);

        await().atMost(Duration.ofSeconds(5)).until(() -> inspection.sync().exists("keys-2:rl:5:short:carol") == 0L);
    }

    @Test
    void aBreakersKeysShareOneHashSlotAndExpire() {
        SharedStore shared = start("keys-3:");
        CircuitBreaker breaker = CircuitBreaker.of("orders", CircuitBreakerConfig.builder()
                .storeFactory(shared.circuitBreakers()).build());
        breaker.executeRunnable(() -> { });
        await().until(() -> inspection.sync().exists("keys-3:cb:{orders}:ring") == 1L);

        List<String> keys = inspection.sync().keys("keys-3:cb:*");
        assertThat(keys).contains("keys-3:cb:{orders}", "keys-3:cb:{orders}:ring");
        assertThat(keys.stream().map(SlotHash::getSlot).distinct()).hasSize(1);
        for (String key : keys) {
            assertThat(inspection.sync().ttl(key)).as(key).isPositive();
        }
    }
}
