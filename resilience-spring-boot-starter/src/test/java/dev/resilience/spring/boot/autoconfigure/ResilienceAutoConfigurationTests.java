package dev.resilience.spring.boot.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.Policy;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.spring.boot.autoconfigure.customizer.CircuitBreakerConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.customizer.RetryConfigCustomizer;
import dev.resilience.spring.boot.autoconfigure.customizer.TimeoutConfigCustomizer;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutExceededException;
import dev.resilience.timeout.TimeoutRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

class ResilienceAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class));

    @Test
    void createsEveryRegistryWithTheCoreDefaults() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(CircuitBreakerRegistry.class).hasSingleBean(RetryRegistry.class)
                    .hasSingleBean(BulkheadRegistry.class).hasSingleBean(ThreadPoolBulkheadRegistry.class)
                    .hasSingleBean(RateLimiterRegistry.class).hasSingleBean(KeyedRateLimiterRegistry.class)
                    .hasSingleBean(TimeoutRegistry.class).hasSingleBean(AspectOrder.class)
                    .hasSingleBean(ResilienceConfigurationRefresher.class);
            assertThat(context).hasBean("circuitBreakerRegistry").hasBean("retryRegistry").hasBean("bulkheadRegistry")
                    .hasBean("threadPoolBulkheadRegistry").hasBean("rateLimiterRegistry")
                    .hasBean("keyedRateLimiterRegistry").hasBean("timeoutRegistry").hasBean("resilienceAspectOrder")
                    .hasBean("resilienceConfigurationRefresher");

            CircuitBreakerConfig breaker = context.getBean(CircuitBreakerRegistry.class).get("any").config();
            assertThat(breaker.failureRateThreshold()).isEqualTo(CircuitBreakerConfig.DEFAULT_FAILURE_RATE_THRESHOLD);
            assertThat(breaker.slidingWindowSize()).isEqualTo(CircuitBreakerConfig.DEFAULT_SLIDING_WINDOW_SIZE);
            assertThat(breaker.waitDurationInOpenState()).isEqualTo(CircuitBreakerConfig.DEFAULT_WAIT_DURATION_IN_OPEN_STATE);
            RetryConfig retry = context.getBean(RetryRegistry.class).get("any").config();
            assertThat(retry.maxAttempts()).isEqualTo(RetryConfig.DEFAULT_MAX_ATTEMPTS);
            assertThat(retry.waitDuration()).isEqualTo(RetryConfig.DEFAULT_WAIT_DURATION);
            assertThat(context.getBean(BulkheadRegistry.class).get("any").config().maxConcurrentCalls())
                    .isEqualTo(BulkheadConfig.DEFAULT_MAX_CONCURRENT_CALLS);
            assertThat(context.getBean(ThreadPoolBulkheadRegistry.class).defaultConfig().queueCapacity())
                    .isEqualTo(ThreadPoolBulkheadConfig.DEFAULT_QUEUE_CAPACITY);
            RateLimiterConfig limiter = context.getBean(RateLimiterRegistry.class).get("any").config();
            assertThat(limiter.limitRefreshPeriod()).isEqualTo(Duration.ofSeconds(1));
            assertThat(limiter.limitForPeriod()).isEqualTo(RateLimiterConfig.DEFAULT_LIMIT_FOR_PERIOD);
            assertThat(context.getBean(TimeoutRegistry.class).get("any").config().timeoutDuration())
                    .isEqualTo(TimeoutConfig.DEFAULT_TIMEOUT_DURATION);
            assertThat(context.getBean(AspectOrder.class)).isEqualTo(AspectOrder.defaultOrder());
        });
    }

    @Test
    void needsOnlyTheCoreAndSpring() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer", "reactor", "org.springframework.boot.actuate",
                "org.springframework.cloud", "org.slf4j.MDC")).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CircuitBreakerRegistry.class)
                            .hasSingleBean(ThreadPoolBulkheadRegistry.class).hasSingleBean(TimeoutRegistry.class);
                    assertThat(context.getBean(TimeoutRegistry.class).get("t").config().timeoutDuration())
                            .isEqualTo(TimeoutConfig.DEFAULT_TIMEOUT_DURATION);
                });
    }

    @Test
    void backsOffWithoutTheCore() {
        runner.withClassLoader(new FilteredClassLoader(Policy.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(CircuitBreakerRegistry.class)
                        .doesNotHaveBean(ResilienceConfigurationRefresher.class));
    }

    @Test
    void mapsEveryPropertyOfEveryPattern() {
        runner.withPropertyValues(
                "resilience.circuit-breaker.instances.cb.sliding-window-type=time-based",
                "resilience.circuit-breaker.instances.cb.sliding-window-size=20",
                "resilience.circuit-breaker.instances.cb.minimum-number-of-calls=5",
                "resilience.circuit-breaker.instances.cb.failure-rate-threshold=25.5",
                "resilience.circuit-breaker.instances.cb.slow-call-rate-threshold=80",
                "resilience.circuit-breaker.instances.cb.slow-call-duration-threshold=2s",
                "resilience.circuit-breaker.instances.cb.permitted-number-of-calls-in-half-open-state=3",
                "resilience.circuit-breaker.instances.cb.max-wait-duration-in-half-open-state=5s",
                "resilience.circuit-breaker.instances.cb.wait-duration-in-open-state=30s",
                "resilience.circuit-breaker.instances.cb.automatic-transition-from-open-to-half-open-enabled=true",
                "resilience.circuit-breaker.instances.cb.record-exceptions=java.io.IOException",
                "resilience.circuit-breaker.instances.cb.ignore-exceptions[0]=java.lang.IllegalArgumentException",
                "resilience.circuit-breaker.instances.cb.register-health-indicator=false",
                "resilience.circuit-breaker.instances.cb.allow-health-indicator-to-fail=true",
                "resilience.circuit-breaker.instances.cb.store=memory",
                "resilience.retry.instances.r.max-attempts=5",
                "resilience.retry.instances.r.wait-duration=100ms",
                "resilience.retry.instances.r.enable-exponential-backoff=true",
                "resilience.retry.instances.r.exponential-backoff-multiplier=3",
                "resilience.retry.instances.r.exponential-max-wait-duration=10s",
                "resilience.retry.instances.r.retry-exceptions=java.io.IOException,java.util.concurrent.TimeoutException",
                "resilience.retry.instances.r.ignore-exceptions=java.io.FileNotFoundException",
                "resilience.retry.instances.j.enable-randomized-wait=true",
                "resilience.retry.instances.j.randomized-wait-factor=0.25",
                "resilience.bulkhead.instances.b.max-concurrent-calls=7",
                "resilience.bulkhead.instances.b.max-wait-duration=15ms",
                "resilience.thread-pool-bulkhead.instances.t.core-thread-pool-size=2",
                "resilience.thread-pool-bulkhead.instances.t.max-thread-pool-size=4",
                "resilience.thread-pool-bulkhead.instances.t.queue-capacity=9",
                "resilience.thread-pool-bulkhead.instances.t.keep-alive-duration=1s",
                "resilience.rate-limiter.instances.l.limit-for-period=11",
                "resilience.rate-limiter.instances.l.limit-refresh-period=2s",
                "resilience.rate-limiter.instances.l.timeout-duration=50ms",
                "resilience.rate-limiter.instances.l.max-keys=99",
                "resilience.rate-limiter.instances.l.store=memory",
                "resilience.timeout.instances.o.timeout-duration=250ms",
                "resilience.timeout.instances.o.cancel-running-future=false",
                "resilience.timeout.instances.o.mode=worker").run(context -> {
                    assertThat(context).hasNotFailed();
                    CircuitBreakerConfig cb = context.getBean(CircuitBreakerRegistry.class).get("cb").config();
                    assertThat(cb.slidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.TIME_BASED);
                    assertThat(cb.slidingWindowSize()).isEqualTo(20);
                    assertThat(cb.minimumNumberOfCalls()).isEqualTo(5);
                    assertThat(cb.failureRateThreshold()).isEqualTo(25.5f);
                    assertThat(cb.slowCallRateThreshold()).isEqualTo(80f);
                    assertThat(cb.slowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(cb.permittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
                    assertThat(cb.maxWaitDurationInHalfOpenState()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(cb.waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(cb.automaticTransitionFromOpenToHalfOpenEnabled()).isTrue();
                    assertThat(cb.recordExceptions()).containsExactly(IOException.class);
                    assertThat(cb.ignoreExceptions()).startsWith(IllegalArgumentException.class);

                    RetryConfig r = context.getBean(RetryRegistry.class).get("r").config();
                    assertThat(r.maxAttempts()).isEqualTo(5);
                    assertThat(r.waitDuration()).isEqualTo(Duration.ofMillis(100));
                    assertThat(r.exponentialBackoffEnabled()).isTrue();
                    assertThat(r.exponentialBackoffMultiplier()).isEqualTo(3.0);
                    assertThat(r.exponentialMaxWaitDuration()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(r.retryExceptions()).containsExactly(IOException.class, TimeoutException.class);
                    assertThat(r.ignoreExceptions()).containsExactly(java.io.FileNotFoundException.class);
                    RetryConfig j = context.getBean(RetryRegistry.class).get("j").config();
                    assertThat(j.randomizedWaitEnabled()).isTrue();
                    assertThat(j.randomizedWaitFactor()).isEqualTo(0.25);

                    BulkheadConfig b = context.getBean(BulkheadRegistry.class).get("b").config();
                    assertThat(b.maxConcurrentCalls()).isEqualTo(7);
                    assertThat(b.maxWaitDuration()).isEqualTo(Duration.ofMillis(15));

                    ThreadPoolBulkheadConfig t = context.getBean(ThreadPoolBulkheadRegistry.class).get("t").config();
                    assertThat(t.coreThreadPoolSize()).isEqualTo(2);
                    assertThat(t.maxThreadPoolSize()).isEqualTo(4);
                    assertThat(t.queueCapacity()).isEqualTo(9);
                    assertThat(t.keepAliveDuration()).isEqualTo(Duration.ofSeconds(1));

                    RateLimiterConfig l = context.getBean(RateLimiterRegistry.class).get("l").config();
                    assertThat(l.limitForPeriod()).isEqualTo(11);
                    assertThat(l.limitRefreshPeriod()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(l.timeoutDuration()).isEqualTo(Duration.ofMillis(50));
                    assertThat(l.maxKeys()).isEqualTo(99);
                    assertThat(context.getBean(KeyedRateLimiterRegistry.class).get("l").config().maxKeys()).isEqualTo(99);

                    TimeoutConfig o = context.getBean(TimeoutRegistry.class).get("o").config();
                    assertThat(o.timeoutDuration()).isEqualTo(Duration.ofMillis(250));
                    assertThat(o.cancelRunningFuture()).isFalse();
                    assertThat(o.mode()).isEqualTo(TimeoutConfig.Mode.WORKER);
                    assertThat(context.getBean(TimeoutRegistry.class).get("other").config().mode())
                            .isEqualTo(TimeoutConfig.Mode.CALLER);
                });
    }

    @Test
    void instancesInheritFromDefaultThenConfigsThenTheirOwnValues() {
        runner.withPropertyValues(
                "resilience.retry.configs.default.max-attempts=4",
                "resilience.retry.configs.default.wait-duration=10ms",
                "resilience.retry.configs.slow.wait-duration=2s",
                "resilience.retry.configs.slower.base-config=slow",
                "resilience.retry.configs.slower.enable-exponential-backoff=true",
                "resilience.retry.instances.a.base-config=slower",
                "resilience.retry.instances.a.max-attempts=6",
                "resilience.retry.instances.b.wait-duration=20ms").run(context -> {
                    RetryRegistry registry = context.getBean(RetryRegistry.class);
                    assertThat(registry.defaultConfig().maxAttempts()).isEqualTo(4);
                    assertThat(registry.config("slow")).get().extracting(RetryConfig::waitDuration)
                            .isEqualTo(Duration.ofSeconds(2));
                    RetryConfig a = registry.get("a").config();
                    assertThat(a.maxAttempts()).isEqualTo(6);
                    assertThat(a.waitDuration()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(a.exponentialBackoffEnabled()).isTrue();
                    RetryConfig b = registry.get("b").config();
                    assertThat(b.maxAttempts()).isEqualTo(4);
                    assertThat(b.waitDuration()).isEqualTo(Duration.ofMillis(20));
                    assertThat(b.exponentialBackoffEnabled()).isFalse();
                    RetryConfig unnamed = registry.get("not-in-properties").config();
                    assertThat(unnamed.maxAttempts()).isEqualTo(4);
                    assertThat(registry.get("shared-config", "slower").config().exponentialBackoffEnabled()).isTrue();
                });
    }

    @Test
    void userRegistriesWin() {
        runner.withUserConfiguration(UserRegistries.class)
                .withPropertyValues("resilience.circuit-breaker.configs.default.failure-rate-threshold=150")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(CircuitBreakerRegistry.class)).isSameAs(UserRegistries.BREAKERS);
                    assertThat(context.getBean(RetryRegistry.class)).isSameAs(UserRegistries.RETRIES);
                    assertThat(context).hasSingleBean(TimeoutRegistry.class).hasSingleBean(BulkheadRegistry.class);
                });
    }

    @Test
    void customizersRunAfterThePropertiesForEveryName() {
        runner.withUserConfiguration(Customizers.class).withPropertyValues(
                "resilience.retry.configs.default.max-attempts=2",
                "resilience.retry.instances.backend.max-attempts=7",
                "resilience.retry.instances.backend.wait-duration=1ms",
                "resilience.timeout.instances.slow.timeout-duration=5s").run(context -> {
                    RetryRegistry retries = context.getBean(RetryRegistry.class);
                    // the customizer overrides max-attempts of 'backend' set in the properties, keeps wait-duration
                    assertThat(retries.get("backend").config().maxAttempts()).isEqualTo(9);
                    assertThat(retries.get("backend").config().waitDuration()).isEqualTo(Duration.ofMillis(1));
                    assertThat(retries.defaultConfig().maxAttempts()).isEqualTo(2);
                    // a customizer for every name ran for the default too, so every timeout inherits it
                    TimeoutRegistry timeouts = context.getBean(TimeoutRegistry.class);
                    assertThat(timeouts.get("slow").config().cancelRunningFuture()).isFalse();
                    assertThat(timeouts.get("slow").config().timeoutDuration()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(timeouts.get("other").config().cancelRunningFuture()).isFalse();
                    // a named customizer gives a name the properties do not mention a config of its own
                    CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
                    assertThat(breakers.get("code-only").config().failureRateThreshold()).isEqualTo(10f);
                    assertThat(breakers.get("other").config().failureRateThreshold()).isEqualTo(50f);
                    // customizers ran in their @Order
                    assertThat(breakers.get("ordered").config().slidingWindowSize()).isEqualTo(2);
                });
    }

    @Test
    void circuitBreakersIgnoreInnerRejectionsUnlessSwitchedOff() {
        runner.withPropertyValues(
                "resilience.circuit-breaker.configs.default.ignore-exceptions=java.lang.IllegalStateException",
                "resilience.circuit-breaker.configs.strict.ignore-inner-rejections=false",
                "resilience.circuit-breaker.instances.inherits-strict.base-config=strict",
                "resilience.circuit-breaker.instances.back-on.base-config=strict",
                "resilience.circuit-breaker.instances.back-on.ignore-inner-rejections=true",
                "resilience.circuit-breaker.instances.own-list.ignore-exceptions=java.io.IOException").run(context -> {
                    CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
                    assertThat(registry.get("plain").config().ignoreExceptions()).containsExactlyInAnyOrder(
                            IllegalStateException.class, BulkheadFullException.class,
                            RateLimitExceededException.class, CallNotPermittedException.class);
                    assertThat(registry.get("plain").config().ignoreExceptions()).doesNotContain(TimeoutExceededException.class);
                    assertThat(registry.get("inherits-strict").config().ignoreExceptions())
                            .containsExactly(IllegalStateException.class);
                    assertThat(registry.get("back-on").config().ignoreExceptions()).containsExactlyInAnyOrder(
                            IllegalStateException.class, BulkheadFullException.class,
                            RateLimitExceededException.class, CallNotPermittedException.class);
                    assertThat(registry.get("own-list").config().ignoreExceptions()).containsExactlyInAnyOrder(
                            IOException.class, BulkheadFullException.class, RateLimitExceededException.class,
                            CallNotPermittedException.class);
                });
    }

    @Test
    void aFullBulkheadInsideABreakerDoesNotCountAsTheDownstreamFailing() {
        runner.withPropertyValues("resilience.circuit-breaker.instances.backend.minimum-number-of-calls=2",
                "resilience.circuit-breaker.instances.backend.sliding-window-size=2").run(context -> {
                    CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).get("backend");
                    for (int i = 0; i < 5; i++) {
                        breaker.onError(1_000, new BulkheadFullException("inner", "full", false));
                        breaker.onError(1_000, new CallNotPermittedException("inner", CircuitBreaker.State.OPEN, false));
                    }
                    assertThat(breaker.metrics().bufferedCalls()).isZero();
                    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
                    breaker.onError(1_000, new TimeoutExceededException("inner", Duration.ofMillis(10)));
                    breaker.onError(1_000, new TimeoutExceededException("inner", Duration.ofMillis(10)));
                    assertThat(breaker.metrics().failedCalls()).isEqualTo(2);
                    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
                });
    }

    @Test
    void threadPoolBulkheadsAreClosedWithTheContext() {
        ThreadPoolBulkhead[] bulkhead = new ThreadPoolBulkhead[1];
        runner.run(context -> {
            bulkhead[0] = context.getBean(ThreadPoolBulkheadRegistry.class).get("pool");
            assertThat(bulkhead[0].submitSupplier(() -> "ran").toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isEqualTo("ran");
        });
        CompletionStage<String> afterClose = bulkhead[0].submitSupplier(() -> "ran");
        assertThat(afterClose.toCompletableFuture()).failsWithin(Duration.ofSeconds(5));
    }

    @Test
    void keyedLimitersAreTheRateLimiterRegistrysView() {
        runner.withPropertyValues("resilience.rate-limiter.instances.api.limit-for-period=3").run(context -> {
            RateLimiterRegistry registry = context.getBean(RateLimiterRegistry.class);
            assertThat(context.getBean(KeyedRateLimiterRegistry.class)).isSameAs(registry.keyedLimiters());
            assertThat(registry.keyed("api").config().limitForPeriod()).isEqualTo(3);
        });
    }

    @Test
    void aspectOrderFromProperties() {
        runner.withPropertyValues("resilience.aspect-order=circuit-breaker,retry").run(context ->
                assertThat(context.getBean(AspectOrder.class).keys()).containsExactly("fallback", "circuit-breaker",
                        "retry", "rate-limiter", "timeout", "bulkhead"));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserRegistries {

        static final CircuitBreakerRegistry BREAKERS = CircuitBreakerRegistry.ofDefaults();
        static final RetryRegistry RETRIES = RetryRegistry.ofDefaults();

        @Bean
        CircuitBreakerRegistry myBreakers() {
            return BREAKERS;
        }

        @Bean
        RetryRegistry myRetries() {
            return RETRIES;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {

        @Bean
        RetryConfigCustomizer backendRetry() {
            return RetryConfigCustomizer.of("backend", builder -> builder.maxAttempts(9));
        }

        @Bean
        TimeoutConfigCustomizer everyTimeout() {
            return (name, builder) -> builder.cancelRunningFuture(false);
        }

        @Bean
        CircuitBreakerConfigCustomizer codeOnly() {
            return CircuitBreakerConfigCustomizer.of("code-only", builder -> builder.failureRateThreshold(10));
        }

        @Bean
        @Order(2)
        CircuitBreakerConfigCustomizer second() {
            return CircuitBreakerConfigCustomizer.of("ordered", builder -> builder.slidingWindowSize(2));
        }

        @Bean
        @Order(1)
        CircuitBreakerConfigCustomizer first() {
            return CircuitBreakerConfigCustomizer.of("ordered", builder -> builder.slidingWindowSize(1));
        }
    }
}
