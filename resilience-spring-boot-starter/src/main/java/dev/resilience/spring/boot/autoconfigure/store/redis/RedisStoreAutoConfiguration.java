package dev.resilience.spring.boot.autoconfigure.store.redis;

import dev.resilience.redis.RedisStoreBackend;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationException;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.store.ResilienceStoreProvider;
import dev.resilience.spring.boot.autoconfigure.store.SharedStoreProvider;
import dev.resilience.store.SharedStore;
import io.lettuce.core.RedisClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.util.ClassUtils;

/**
 * The Redis store behind {@code store: redis}: a {@link ResilienceStoreProvider} named {@code redis}, on
 * resilience-redis (Lettuce), when the application says where Redis is.
 *
 * <p>Where Redis is, in this order: {@code resilience.redis.url}; else the application's Lettuce
 * {@link RedisClient} bean (its connections, its options); else the connection settings of Spring Data Redis's
 * {@code LettuceConnectionFactory} (host, port, database, user, password, SSL of its standalone configuration;
 * this store opens its own two connections). With none of them, no provider exists and an instance with
 * {@code store: redis} fails the start with a message saying what to set.
 *
 * <p>Bean: {@code resilienceRedisStore} ({@link SharedStoreProvider}), closed with the context. The store is
 * configured by {@code resilience.redis.*} (timeout, flush-interval, poll-interval, on-outage, instance-id,
 * key-prefix); it connects lazily, so a Redis that is down at start-up does not stop the start: the instances on
 * it start degraded and share once Redis answers.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = ResilienceAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({RedisStoreBackend.class, RedisClient.class})
@EnableConfigurationProperties(ResilienceProperties.class)
public final class RedisStoreAutoConfiguration {

    static final String PREFIX = ResilienceProperties.PREFIX + ".redis";
    private static final String LETTUCE_CONNECTION_FACTORY =
            "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

    @Bean
    @ConditionalOnMissingBean(name = "resilienceRedisStore")
    @Conditional(RedisLocated.class)
    SharedStoreProvider resilienceRedisStore(ResilienceProperties properties, ObjectProvider<RedisClient> clients,
            ApplicationContext context) {
        ResilienceProperties.Redis redis = properties.getRedis();
        RedisStoreBackend.Builder backend = RedisStoreBackend.builder().keyPrefix(redis.getKeyPrefix());
        locate(redis, clients, context, backend);
        return ResilienceStoreProvider.of("redis", SharedStore.start(backend.build(), redis.toOptions(PREFIX)));
    }

    private static void locate(ResilienceProperties.Redis redis, ObjectProvider<RedisClient> clients,
            ApplicationContext context, RedisStoreBackend.Builder backend) {
        String url = redis.getUrl();
        if (url != null && !url.isBlank()) {
            try {
                backend.url(url.trim());
            } catch (IllegalArgumentException e) {
                throw new ResilienceConfigurationException("Invalid '" + PREFIX + ".url' (" + url + "): " + e.getMessage(),
                        "Set '" + PREFIX + ".url' to a Redis URL such as redis://localhost:6379.", PREFIX + ".url", e);
            }
            return;
        }
        RedisClient client = clients.getIfUnique();
        if (client != null) {
            backend.client(client);
            return;
        }
        if (ClassUtils.isPresent(LETTUCE_CONNECTION_FACTORY, RedisStoreAutoConfiguration.class.getClassLoader())) {
            @Nullable String located = SpringDataRedis.url(context);
            if (located != null) {
                backend.url(located);
                return;
            }
        }
        throw new ResilienceConfigurationException("No Redis to connect to for '" + PREFIX + "'",
                "Set '" + PREFIX + ".url', or define a single Lettuce RedisClient bean.", PREFIX + ".url", null);
    }

    /** There is a Redis to talk to: a URL, a Lettuce client bean, or a Spring Data Redis Lettuce factory. */
    static final class RedisLocated extends AnyNestedCondition {

        RedisLocated() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = PREFIX, name = "url")
        static final class Url {
        }

        @ConditionalOnBean(RedisClient.class)
        static final class Client {
        }

        @ConditionalOnBean(type = LETTUCE_CONNECTION_FACTORY)
        static final class SpringDataFactory {
        }
    }
}
