package dev.resilience.spring.boot.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.spring.boot.autoconfigure.customizer.RetryConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.internal.EnvironmentChangeListener;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Changed properties are applied at runtime to the same instances, which keep their state and listeners.
 */
class ResilienceConfigurationRefresherTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class))
            .withPropertyValues("resilience.circuit-breaker.instances.backend.failure-rate-threshold=50",
                    "resilience.circuit-breaker.instances.backend.minimum-number-of-calls=10",
                    "resilience.circuit-breaker.instances.backend.sliding-window-size=10",
                    "resilience.bulkhead.configs.default.max-concurrent-calls=5");

    @Test
    void refreshReconfiguresTheSameInstanceInPlaceKeepingItsState() {
        runner.run(context -> {
            CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).get("backend");
            AtomicInteger errors = new AtomicInteger();
            breaker.addListener(new CircuitBreakerListener() {
                @Override
                public void onError(CircuitBreaker cb, long durationNanos, Throwable error) {
                    errors.incrementAndGet();
                }
            });
            breaker.onError(1_000, new IOException("down"));
            breaker.onError(1_000, new IOException("down"));
            breaker.onSuccess(1_000);
            assertThat(breaker.metrics().bufferedCalls()).isEqualTo(3);

            override(context, Map.of("resilience.circuit-breaker.instances.backend.failure-rate-threshold", "20"));
            context.getBean(ResilienceConfigurationRefresher.class).refresh();

            assertThat(context.getBean(CircuitBreakerRegistry.class).get("backend")).isSameAs(breaker);
            assertThat(breaker.config().failureRateThreshold()).isEqualTo(20f);
            assertThat(breaker.config().minimumNumberOfCalls()).isEqualTo(10);
            assertThat(breaker.metrics().bufferedCalls()).isEqualTo(3);
            assertThat(breaker.metrics().failedCalls()).isEqualTo(2);
            breaker.onError(1_000, new IOException("down"));
            assertThat(errors).hasValue(3);
        });
    }

    @Test
    void instancesOnTheDefaultConfigFollowTheNewDefault() {
        runner.run(context -> {
            Bulkhead bulkhead = context.getBean(BulkheadRegistry.class).get("unnamed");
            assertThat(bulkhead.tryAcquirePermission()).isTrue();
            assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(4);

            override(context, Map.of("resilience.bulkhead.configs.default.max-concurrent-calls", "8"));
            context.getBean(ResilienceConfigurationRefresher.class).refresh();

            assertThat(bulkhead.config().maxConcurrentCalls()).isEqualTo(8);
            assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(7);
            assertThat(context.getBean(BulkheadRegistry.class).get("created-later").config().maxConcurrentCalls())
                    .isEqualTo(8);
            bulkhead.releasePermission();
        });
    }

    @Test
    void keyedRateLimitersAreReconfiguredToo() {
        runner.withPropertyValues("resilience.rate-limiter.instances.api.limit-for-period=5").run(context -> {
            RateLimiterRegistry registry = context.getBean(RateLimiterRegistry.class);
            KeyedRateLimiter named = registry.keyed("api");
            KeyedRateLimiter unnamed = registry.keyed("other");

            override(context, Map.of("resilience.rate-limiter.instances.api.limit-for-period", "6",
                    "resilience.rate-limiter.configs.default.limit-for-period", "7"));
            context.getBean(ResilienceConfigurationRefresher.class).refresh();

            assertThat(named.config().limitForPeriod()).isEqualTo(6);
            assertThat(unnamed.config().limitForPeriod()).isEqualTo(7);
        });
    }

    @Test
    void customizersApplyOnRefreshToo() {
        runner.withUserConfiguration(Customizer.class).run(context -> {
            override(context, Map.of("resilience.retry.instances.backend.max-attempts", "4",
                    "resilience.retry.instances.backend.wait-duration", "1s"));
            context.getBean(ResilienceConfigurationRefresher.class).refresh();
            assertThat(context.getBean(RetryRegistry.class).get("backend").config().maxAttempts()).isEqualTo(9);
            assertThat(context.getBean(RetryRegistry.class).get("backend").config().waitDuration())
                    .isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void invalidNewPropertiesChangeNothing() {
        runner.run(context -> {
            CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).get("backend");
            Bulkhead bulkhead = context.getBean(BulkheadRegistry.class).get("b");
            override(context, Map.of("resilience.bulkhead.configs.default.max-concurrent-calls", "9",
                    "resilience.circuit-breaker.instances.backend.failure-rate-threshold", "150"));

            assertThatExceptionOfType(ResilienceConfigurationException.class)
                    .isThrownBy(() -> context.getBean(ResilienceConfigurationRefresher.class).refresh())
                    .withMessageStartingWith("Invalid 'resilience.circuit-breaker.instances.backend.failure-rate-threshold'");
            assertThat(breaker.config().failureRateThreshold()).isEqualTo(50f);
            assertThat(bulkhead.config().maxConcurrentCalls()).isEqualTo(5);
        });
    }

    @Test
    void userRegistriesAreNotTouched() {
        runner.withUserConfiguration(UserBulkheads.class).run(context -> {
            override(context, Map.of("resilience.bulkhead.configs.default.max-concurrent-calls", "9"));
            context.getBean(ResilienceConfigurationRefresher.class).refresh();
            assertThat(context.getBean(BulkheadRegistry.class).get("x").config().maxConcurrentCalls()).isEqualTo(25);
        });
    }

    @Test
    void springCloudEnvironmentChangeEventTriggersARefreshForResilienceKeys() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(EnvironmentChangeListener.class);
            CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).get("backend");
            override(context, Map.of("resilience.circuit-breaker.instances.backend.failure-rate-threshold", "30"));

            context.publishEvent(new EnvironmentChangeEvent(context, Set.of("server.port")));
            assertThat(breaker.config().failureRateThreshold()).isEqualTo(50f);

            context.publishEvent(new EnvironmentChangeEvent(context,
                    Set.of("resilience.circuit-breaker.instances.backend.failure-rate-threshold")));
            assertThat(breaker.config().failureRateThreshold()).isEqualTo(30f);
        });
    }

    @Test
    void withoutSpringCloudThereIsNoListener() {
        runner.withClassLoader(new FilteredClassLoader(EnvironmentChangeEvent.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(EnvironmentChangeListener.class)
                        .hasSingleBean(ResilienceConfigurationRefresher.class));
    }

    @Test
    void changedKeysInEveryFormSpringBootAccepts() {
        runner.run(context -> {
            ResilienceConfigurationRefresher refresher = context.getBean(ResilienceConfigurationRefresher.class);
            assertThat(refresher.refresh(Set.of("spring.application.name"))).isFalse();
            assertThat(refresher.refresh(Set.of("resilience.retry.instances.a.max-attempts"))).isTrue();
            assertThat(refresher.refresh(Set.of("RESILIENCE_RETRY_INSTANCES_A_MAXATTEMPTS"))).isTrue();
            assertThat(refresher.refresh(Set.of("resilienceX"))).isFalse();
            assertThat(refresher.patternKeys()).containsExactlyInAnyOrder("circuit-breaker", "retry", "bulkhead",
                    "thread-pool-bulkhead", "rate-limiter", "timeout");
        });
    }

    private static void override(AssertableApplicationContext context, Map<String, Object> values) {
        var sources = context.getEnvironment().getPropertySources();
        MapPropertySource existing = (MapPropertySource) sources.get("refreshed");
        Map<String, Object> all = new HashMap<>(existing != null ? existing.getSource() : Map.of());
        all.putAll(values);
        sources.addFirst(new MapPropertySource("refreshed", all));
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizer {

        @Bean
        RetryConfigCustomizer backend() {
            return RetryConfigCustomizer.of("backend", builder -> builder.maxAttempts(9));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBulkheads {

        @Bean
        BulkheadRegistry userBulkheads() {
            return BulkheadRegistry.ofDefaults();
        }
    }
}
