package dev.resilience.spring.boot.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Regression (issue 8, defect 8): keys the core's key tables document, {@code fair-call-handling} (bulkhead) and
 * {@code writable-stack-trace-enabled} (circuit breaker, bulkheads, rate limiter), did nothing from YAML. They
 * are bound now, inherit like every key, and take effect.
 */
class DocumentedKeysTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class));

    @Test
    void writableStackTraceEnabledGivesRejectionsAStackTrace() {
        runner.withPropertyValues("resilience.circuit-breaker.instances.traced.writable-stack-trace-enabled=true",
                "resilience.rate-limiter.configs.traced.writable-stack-trace-enabled=true",
                "resilience.rate-limiter.configs.traced.limit-for-period=1",
                "resilience.rate-limiter.configs.traced.limit-refresh-period=1h",
                "resilience.rate-limiter.instances.traced.base-config=traced",
                "resilience.rate-limiter.instances.plain.limit-for-period=1",
                "resilience.rate-limiter.instances.plain.limit-refresh-period=1h",
                "resilience.bulkhead.instances.traced.writable-stack-trace-enabled=true",
                "resilience.bulkhead.instances.traced.max-concurrent-calls=1",
                "resilience.bulkhead.instances.plain.max-concurrent-calls=1",
                "resilience.thread-pool-bulkhead.instances.traced.writable-stack-trace-enabled=true")
                .run(context -> {
                    CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
                    assertThat(breakers.get("traced").config().writableStackTraceEnabled()).isTrue();
                    assertThat(stackOf(rejectionBy(breakers.get("traced")))).isNotEmpty();
                    assertThat(stackOf(rejectionBy(breakers.get("plain")))).isEmpty();

                    RateLimiterRegistry limiters = context.getBean(RateLimiterRegistry.class);
                    assertThat(stackOf(rejectionBy(limiters.get("traced")))).isNotEmpty();
                    assertThat(stackOf(rejectionBy(limiters.get("plain")))).isEmpty();

                    BulkheadRegistry bulkheads = context.getBean(BulkheadRegistry.class);
                    assertThat(stackOf(rejectionBy(bulkheads.get("traced")))).isNotEmpty();
                    assertThat(stackOf(rejectionBy(bulkheads.get("plain")))).isEmpty();

                    ThreadPoolBulkheadRegistry pools = context.getBean(ThreadPoolBulkheadRegistry.class);
                    assertThat(pools.get("traced").config().writableStackTraceEnabled()).isTrue();
                    assertThat(pools.get("plain").config().writableStackTraceEnabled()).isFalse();
                });
    }

    @Test
    void threadPoolRejectionsCarryAStackTraceWhenEnabled() {
        runner.withPropertyValues("resilience.thread-pool-bulkhead.instances.traced.writable-stack-trace-enabled=true",
                "resilience.thread-pool-bulkhead.instances.traced.core-thread-pool-size=1",
                "resilience.thread-pool-bulkhead.instances.traced.max-thread-pool-size=1",
                "resilience.thread-pool-bulkhead.instances.traced.queue-capacity=0").run(context -> {
                    ThreadPoolBulkhead pool = context.getBean(ThreadPoolBulkheadRegistry.class).get("traced");
                    CompletableFuture<Void> release = new CompletableFuture<>();
                    CompletableFuture<Void> started = new CompletableFuture<>();
                    CompletableFuture<String> busy = pool.submit(() -> {
                        started.complete(null);
                        release.get(10, TimeUnit.SECONDS);
                        return "busy";
                    }).toCompletableFuture();
                    started.get(10, TimeUnit.SECONDS);
                    Throwable rejected = catchThrowable(() -> pool.submit(() -> "rejected").toCompletableFuture().get());
                    release.complete(null);
                    assertThat(busy.get(10, TimeUnit.SECONDS)).isEqualTo("busy");
                    assertThat(rejected).isInstanceOf(ExecutionException.class)
                            .cause().isInstanceOf(BulkheadFullException.class);
                    assertThat(rejected.getCause().getStackTrace()).isNotEmpty();
                });
    }

    @Test
    void fairCallHandlingIsBoundAndInherited() {
        runner.withPropertyValues("resilience.bulkhead.configs.default.fair-call-handling=false",
                "resilience.bulkhead.instances.fair.fair-call-handling=true").run(context -> {
                    BulkheadRegistry bulkheads = context.getBean(BulkheadRegistry.class);
                    assertThat(bulkheads.get("barging").config().fairCallHandling()).isFalse();
                    assertThat(bulkheads.get("fair").config().fairCallHandling()).isTrue();
                });
        runner.run(context -> assertThat(context.getBean(BulkheadRegistry.class).get("default-fairness")
                .config().fairCallHandling()).isTrue());
    }

    private static Throwable rejectionBy(CircuitBreaker breaker) {
        breaker.transitionToForcedOpenState();
        Throwable rejected = catchThrowable(() -> breaker.executeSupplier(() -> "never"));
        assertThat(rejected).isInstanceOf(CallNotPermittedException.class);
        return rejected;
    }

    private static Throwable rejectionBy(RateLimiter limiter) {
        limiter.acquirePermission();
        Throwable rejected = catchThrowable(limiter::acquirePermission);
        assertThat(rejected).isInstanceOf(RateLimitExceededException.class);
        return rejected;
    }

    private static Throwable rejectionBy(Bulkhead bulkhead) {
        bulkhead.acquirePermission();
        try {
            Throwable rejected = catchThrowable(bulkhead::acquirePermission);
            assertThat(rejected).isInstanceOf(BulkheadFullException.class);
            return rejected;
        } finally {
            bulkhead.releasePermission();
        }
    }

    private static StackTraceElement[] stackOf(Throwable rejection) {
        return rejection.getStackTrace();
    }
}
