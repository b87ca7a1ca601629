package dev.resilience.spring.boot.autoconfigure.store.redis;

import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.redis.EmbeddedRedis;
import dev.resilience.redis.RedisStoreBackend;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.store.ResilienceStoreProvider;
import dev.resilience.spring.boot.autoconfigure.store.SharedStoreProvider;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisStoreAutoConfigurationTests {

    private static EmbeddedRedis redis;

    // A timeout far above the default 50 ms: a loaded build machine must not look like a Redis outage here.
    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(RedisStoreAutoConfiguration.class, ResilienceAutoConfiguration.class))
            .withPropertyValues("resilience.redis.timeout=2s");

    @BeforeAll
    static void startRedis() {
        redis = new EmbeddedRedis();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void withoutAnyRedisThereIsNoProviderAndStoreRedisFailsTheStart() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ResilienceStoreProvider.class));
        runner.withPropertyValues("resilience.circuit-breaker.instances.cb.store=redis").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("Invalid 'resilience.circuit-breaker.instances.cb.store' (redis)")
                    .hasMessageContaining("dev.resilience:resilience-redis");
        });
    }

    @Test
    void aUrlGivesTheRedisStore() {
        runner.withPropertyValues("resilience.redis.url=" + redis.url(),
                "resilience.circuit-breaker.instances.cb.store=redis").run(context -> {
                    assertThat(context).hasSingleBean(SharedStoreProvider.class).hasBean("resilienceRedisStore");
                    ResilienceStoreProvider provider = context.getBean(ResilienceStoreProvider.class);
                    assertThat(provider.store()).isEqualTo("redis");
                    assertThat(context.getBean(CircuitBreakerRegistry.class).get("cb").storeInfo())
                            .isSameAs(provider.info());
                    await().until(() -> context.getBean(SharedStoreProvider.class).sharedStore().fleetSize() == 1);
                });
    }

    @Test
    void theApplicationsLettuceClientIsReused() {
        RedisClient client = RedisClient.create(redis.url());
        try {
            runner.withBean(RedisClient.class, () -> client).run(context -> {
                SharedStoreProvider provider = context.getBean(SharedStoreProvider.class);
                assertThat(provider.sharedStore().toString()).contains("redis");
                // A limiter on it works against the real Redis: the client connects.
                assertThat(provider.rateLimiterStores().create("api", null,
                        dev.resilience.ratelimiter.RateLimiterConfig.ofDefaults()).acquire(1, 0)).isZero();
                assertThat(provider.info().isDegraded()).isFalse();
            });
        } finally {
            client.shutdown();
        }
    }

    @Test
    void springDataRedisConnectionSettingsAreReused() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
        runner.withBean(LettuceConnectionFactory.class, () -> factory).run(context -> {
            SharedStoreProvider provider = context.getBean(SharedStoreProvider.class);
            assertThat(provider.rateLimiterStores().create("api", null,
                    dev.resilience.ratelimiter.RateLimiterConfig.ofDefaults()).acquire(1, 0)).isZero();
            assertThat(provider.info().isDegraded()).isFalse();
        });
    }

    @Test
    void withoutResilienceRedisOnTheClasspathNothingIsConfigured() {
        runner.withClassLoader(new FilteredClassLoader(RedisStoreBackend.class))
                .withPropertyValues("resilience.redis.url=" + redis.url())
                .run(context -> assertThat(context).doesNotHaveBean(ResilienceStoreProvider.class));
    }

    @Test
    void aRedisThatIsDownAtStartUpDoesNotStopTheStart() {
        runner.withPropertyValues("resilience.redis.url=redis://127.0.0.1:1", "resilience.redis.timeout=200ms",
                "resilience.circuit-breaker.instances.cb.store=redis").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(CircuitBreakerRegistry.class).get("cb").storeInfo().isDegraded()).isTrue();
                });
    }
}
