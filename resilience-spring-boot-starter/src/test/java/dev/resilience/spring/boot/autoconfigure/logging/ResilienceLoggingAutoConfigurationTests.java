package dev.resilience.spring.boot.autoconfigure.logging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.resilience.annotation.Fallback;
import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceAnnotationsAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.logging.FallbackLogger;
import dev.resilience.spring.boot.logging.ResilienceLogging;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutExceededException;
import dev.resilience.timeout.TimeoutRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Logging: one logger per pattern, state transitions at INFO, rejections at DEBUG, nothing per successful call.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResilienceLoggingAutoConfigurationTests {

    private static final String[] LOGGERS = {"dev.resilience.circuitbreaker", "dev.resilience.retry",
            "dev.resilience.bulkhead", "dev.resilience.ratelimiter", "dev.resilience.timeout", "dev.resilience.fallback"};

    private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceAnnotationsAutoConfiguration.class, ResilienceLoggingAutoConfiguration.class))
            .withPropertyValues("resilience.circuit-breaker.instances.backend.sliding-window-size=2",
                    "resilience.circuit-breaker.instances.backend.minimum-number-of-calls=2",
                    "resilience.circuit-breaker.instances.backend.wait-duration-in-open-state=1h",
                    "resilience.retry.instances.backend.wait-duration=0ms",
                    "resilience.bulkhead.instances.single.max-concurrent-calls=1",
                    "resilience.rate-limiter.instances.one.limit-for-period=1",
                    "resilience.rate-limiter.instances.one.limit-refresh-period=1h",
                    "resilience.timeout.instances.fast.timeout-duration=20ms")
            .withUserConfiguration(Config.class);

    @BeforeEach
    void debug() {
        setLevel(LogLevel.DEBUG);
    }

    @AfterEach
    void reset() {
        setLevel(null);
    }

    @Test
    void successfulCallsLogNothing(CapturedOutput output) {
        runner.run(context -> {
            int before = output.length();
            context.getBean(CircuitBreakerRegistry.class).get("backend").executeSupplier(() -> "ok");
            context.getBean(RetryRegistry.class).get("backend").executeSupplier(() -> "ok");
            context.getBean(BulkheadRegistry.class).get("single").executeSupplier(() -> "ok");
            context.getBean(RateLimiterRegistry.class).get("one").executeSupplier(() -> "ok");
            context.getBean(TimeoutRegistry.class).get("fast").executeSupplier(() -> "ok");
            assertThat(context.getBean(Service.class).recovers(false)).isEqualTo("ok");
            assertThat(output.toString().substring(before)).doesNotContain("dev.resilience");
        });
    }

    @Test
    void circuitBreakerTransitionsAtInfoAndRejectionsAtDebug(CapturedOutput output) {
        runner.run(context -> {
            CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).get("backend");
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> breaker.executeSupplier(() -> {
                    throw new IllegalStateException("down");
                })).isInstanceOf(IllegalStateException.class);
            }
            assertThatThrownBy(() -> breaker.executeSupplier(() -> "never")).isInstanceOf(CallNotPermittedException.class);
            breaker.transitionToForcedOpenState();
            breaker.reset();
            assertThat(output).containsSubsequence(
                    "INFO", "dev.resilience.circuitbreaker", "Circuit breaker 'backend' changed state from CLOSED to OPEN"
                            + " (failure rate 100.0%, slow-call rate 0.0%, 2 buffered calls); calls are rejected for PT1H",
                    "DEBUG", "dev.resilience.circuitbreaker", "Circuit breaker 'backend' is OPEN and rejected a call",
                    "INFO", "Circuit breaker 'backend' changed state from OPEN to FORCED_OPEN",
                    "INFO", "Circuit breaker 'backend' changed state from FORCED_OPEN to CLOSED",
                    "INFO", "Circuit breaker 'backend' was reset");
        });
    }

    @Test
    void atInfoLevelRejectionsAreNotLoggedButTransitionsAre(CapturedOutput output) {
        setLevel(LogLevel.INFO);
        runner.run(context -> {
            CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).get("backend");
            breaker.transitionToOpenState();
            assertThatThrownBy(() -> breaker.executeSupplier(() -> "never")).isInstanceOf(CallNotPermittedException.class);
            assertThat(output).contains("Circuit breaker 'backend' changed state from CLOSED to OPEN")
                    .doesNotContain("rejected a call");
        });
    }

    @Test
    void rejectionsAndFailurePathsOfTheOtherPatternsAtDebug(CapturedOutput output) {
        runner.run(context -> {
            Retry retry = context.getBean(RetryRegistry.class).get("backend");
            assertThatThrownBy(() -> retry.executeSupplier(() -> {
                throw new IllegalStateException("always");
            })).hasMessage("always");

            Bulkhead bulkhead = context.getBean(BulkheadRegistry.class).get("single");
            assertThat(bulkhead.tryAcquirePermission()).isTrue();
            assertThat(bulkhead.tryAcquirePermission()).isFalse();
            bulkhead.releasePermission();

            KeyedRateLimiter perUser = context.getBean(RateLimiterRegistry.class).keyed("one");
            assertThat(perUser.tryAcquirePermission("alice@example.com")).isTrue();
            assertThat(perUser.tryAcquirePermission("alice@example.com")).isFalse();

            Timeout timeout = context.getBean(TimeoutRegistry.class).get("fast");
            assertThatThrownBy(() -> timeout.executeCompletionStage(CompletableFuture::new).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutExceededException.class);

            assertThat(context.getBean(Service.class).recovers(true)).isEqualTo("fallback");
            assertThatThrownBy(() -> context.getBean(Service.class).failsAgain()).hasMessage("original");

            await().untilAsserted(() -> assertThat(output).contains("Timeout 'fast'"));
            assertThat(output).contains(
                    "Retry 'backend': attempt 1 failed with java.lang.IllegalStateException: always; retrying in 0ms",
                    "Retry 'backend': attempt 2 failed with java.lang.IllegalStateException: always; retrying in 0ms",
                    "Retry 'backend': giving up after 3 attempts, the last failed with"
                            + " java.lang.IllegalStateException: always",
                    "Bulkhead 'single' is full (max-concurrent-calls 1) and rejected a call",
                    "Rate limiter 'one' rejected a call: no permit within timeout-duration PT0S",
                    "Timeout 'fast': the call did not complete within 20ms",
                    "Fallback Service#fallback replaced the failure of Service#recovers: java.lang.IllegalStateException: down",
                    "Every fallback of Service#failsAgain failed; the caller gets java.lang.IllegalStateException: original")
                    .doesNotContain("alice@example.com");
            // One logger per pattern (the circuit breaker's is checked above).
            for (int i = 1; i < LOGGERS.length; i++) {
                assertThat(output).contains(LOGGERS[i]);
            }
        });
    }

    @Test
    void switchedOffWithTheProperty() {
        runner.withPropertyValues("resilience.logging.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(ResilienceLogging.class).doesNotHaveBean(FallbackLogger.class));
    }

    @Test
    void closingTheContextDetachesTheListeners(CapturedOutput output) {
        CircuitBreaker[] kept = new CircuitBreaker[1];
        runner.run(context -> kept[0] = context.getBean(CircuitBreakerRegistry.class).get("backend"));
        int before = output.length();
        kept[0].transitionToOpenState();
        assertThat(output.toString().substring(before)).doesNotContain("Circuit breaker 'backend'");
    }

    private void setLevel(LogLevel level) {
        for (String logger : LOGGERS) {
            loggingSystem.setLogLevel(logger, level);
        }
    }

    /** A bean with {@code @Fallback} methods. */
    public static class Service {

        @Fallback(method = "fallback")
        public String recovers(boolean fail) {
            if (fail) {
                throw new IllegalStateException("down");
            }
            return "ok";
        }

        String fallback(boolean fail) {
            return "fallback";
        }

        @Fallback(method = "alsoFails")
        public String failsAgain() {
            throw new IllegalStateException("original");
        }

        String alsoFails() {
            throw new IllegalStateException("fallback failed too");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {
        @Bean
        Service service() {
            return new Service();
        }
    }
}
