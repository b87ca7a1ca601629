package dev.resilience.spring.boot.autoconfigure.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.RateLimit;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.redis.EmbeddedRedis;
import dev.resilience.spring.boot.actuate.ResilienceEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two Spring applications (two contexts, as two instances of one service) configured only by
 * {@code store/shared-redis.yml}: one trips the shared breaker, the other rejects; together they get the shared
 * limit exactly once.
 */
class SharedRedisApplicationsTests {

    private static EmbeddedRedis redis;
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = new EmbeddedRedis();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext instance(String prefix) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Service.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.location=classpath:store/shared-redis.yml",
                        "test.redis.port=" + redis.port(), "test.redis.prefix=" + prefix,
                        "management.endpoints.web.exposure.include=resilience")
                .run();
        contexts.add(context);
        return context;
    }

    @Test
    void twoApplicationsShareABreakerAndALimitThroughRedis() {
        String prefix = "it-" + System.nanoTime() + ":";
        ConfigurableApplicationContext a = instance(prefix);
        ConfigurableApplicationContext b = instance(prefix);
        Inventory onA = a.getBean(Inventory.class);
        Inventory onB = b.getBean(Inventory.class);

        for (int i = 0; i < 10; i++) {
            try {
                onA.reserve(false);
            } catch (IllegalStateException expected) {
                // recorded by the shared breaker
            }
        }
        await().atMost(Duration.ofSeconds(6)).untilAsserted(() ->
                assertThatThrownBy(() -> onB.reserve(true)).isInstanceOf(CallNotPermittedException.class));
        assertThat(b.getBean(CircuitBreakerRegistry.class).get("inventory").storeInfo().type()).isEqualTo("redis");
        assertThat(b.getBean(CircuitBreakerRegistry.class).get("local-only").storeInfo().type()).isEqualTo("memory");

        int granted = 0;
        for (int i = 0; i < 4; i++) {
            granted += call(onA) + call(onB);
        }
        assertThat(granted).as("8 calls at a shared limit of 5").isEqualTo(5);
        assertThat(a.getBean(RateLimiterRegistry.class).get("api").storeInfo().isShared()).isTrue();
    }

    @Test
    void aTransitionThroughTheActuatorOfOneApplicationAppliesToBoth() {
        String prefix = "it-" + System.nanoTime() + ":";
        ConfigurableApplicationContext a = instance(prefix);
        ConfigurableApplicationContext b = instance(prefix);
        ResilienceEndpoint endpointOfA = a.getBean(ResilienceEndpoint.class);
        ResilienceEndpoint endpointOfB = b.getBean(ResilienceEndpoint.class);
        b.getBean(Inventory.class).reserve(true);

        endpointOfA.transition("circuit-breakers", "inventory", "FORCED_OPEN");

        await().atMost(Duration.ofSeconds(6)).until(() ->
                endpointOfB.resilience().instances("circuitBreakers", ResilienceEndpoint.CircuitBreakerDescriptor.class).get("inventory").state().equals("FORCED_OPEN"));
        ResilienceEndpoint.StoreDescriptor store = endpointOfB.resilience()
                .instances("circuitBreakers", ResilienceEndpoint.CircuitBreakerDescriptor.class).get("inventory").store();
        assertThat(store.type()).isEqualTo("redis");
        assertThat(store.shared()).isTrue();
        assertThat(store.degraded()).isFalse();
        assertThatThrownBy(() -> b.getBean(Inventory.class).reserve(true))
                .isInstanceOf(CallNotPermittedException.class);

        endpointOfB.transition("circuit-breakers", "inventory", "CLOSED");
        await().atMost(Duration.ofSeconds(6)).until(() ->
                endpointOfA.resilience().instances("circuitBreakers", ResilienceEndpoint.CircuitBreakerDescriptor.class).get("inventory").state().equals("CLOSED"));
    }

    private static int call(Inventory inventory) {
        try {
            inventory.list();
            return 1;
        } catch (RateLimitExceededException rejected) {
            return 0;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Service {

        @Bean
        Inventory inventory() {
            return new Inventory();
        }
    }

    static class Inventory {

        @CircuitBreaker(name = "inventory")
        public String reserve(boolean works) {
            if (!works) {
                throw new IllegalStateException("inventory down");
            }
            return "reserved";
        }

        @RateLimit(name = "api")
        public String list() {
            return "items";
        }
    }
}
