package dev.resilience.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's two-instance demo of the {@code redis} profile: the first instance starts a Redis (nothing
 * installed), the second shares it; a breaker forced open on one is open on the other.
 */
class SharedStoreProfileTest {

    @Test
    void twoInstancesWithTheRedisProfileShareTheQuotesBreaker() {
        int redisPort = freePort();
        try (ConfigurableApplicationContext first = start(redisPort);
                ConfigurableApplicationContext second = start(redisPort)) {
            CircuitBreaker onFirst = first.getBean(CircuitBreakerRegistry.class).get("quotes");
            CircuitBreaker onSecond = second.getBean(CircuitBreakerRegistry.class).get("quotes");
            assertThat(onSecond.storeInfo().type()).isEqualTo("redis");
            assertThat(onSecond.storeInfo().isDegraded()).isFalse();
            assertThat(second.getBean(KeyedRateLimiterRegistry.class).get("profile").storeInfo().type())
                    .isEqualTo("redis");

            onFirst.transitionToForcedOpenState();

            await().atMost(Duration.ofSeconds(10)).until(() -> onSecond.state() == CircuitBreaker.State.FORCED_OPEN);
            onSecond.reset();
            await().atMost(Duration.ofSeconds(10)).until(() -> onFirst.state() == CircuitBreaker.State.CLOSED);
        }
    }

    private static ConfigurableApplicationContext start(int redisPort) {
        SpringApplication application = new SpringApplication(SampleApplication.class);
        application.addListeners(new SampleRedis());
        // The profile's 50 ms timeout is for production; a loaded build machine must not look like an outage.
        return application.run("--spring.profiles.active=redis", "--server.port=0",
                "--resilience.redis.url=redis://127.0.0.1:" + redisPort, "--resilience.redis.timeout=2s");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
