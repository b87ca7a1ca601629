package dev.resilience.spring.boot.autoconfigure.metrics;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceAnnotationsAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.metrics.CircuitBreakerMetrics;
import dev.resilience.spring.boot.metrics.FallbackMetrics;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutExceededException;
import dev.resilience.timeout.TimeoutRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The contract's "Micrometer metrics" table: every meter name and tag, values after real calls, meters of
 * instances created after start-up, removed and replaced instances, keyed limiters, and when the
 * auto-configuration backs off. Meters are read from the {@code SimpleMeterRegistry} that Spring Boot's own
 * metrics auto-configuration creates.
 */
class ResilienceMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    ResilienceAutoConfiguration.class, ResilienceAnnotationsAutoConfiguration.class,
                    ResilienceMetricsAutoConfiguration.class));

    @Test
    void everyMeterOfTheContractWithItsTags() {
        runner.run(context -> {
            createOneInstanceOfEachPattern(context);
            Map<String, Set<String>> ids = resilienceMeterIds(context.getBean(MeterRegistry.class));
            assertThat(ids).containsOnlyKeys("resilience.circuitbreaker.calls", "resilience.circuitbreaker.state",
                    "resilience.circuitbreaker.failure.rate", "resilience.circuitbreaker.slow.call.rate",
                    "resilience.circuitbreaker.store.degraded", "resilience.ratelimiter.store.degraded",
                    "resilience.retry.calls", "resilience.bulkhead.available.concurrent.calls",
                    "resilience.bulkhead.max.allowed.concurrent.calls", "resilience.bulkhead.calls",
                    "resilience.bulkhead.queue.depth", "resilience.bulkhead.queue.capacity",
                    "resilience.bulkhead.thread.pool.size", "resilience.bulkhead.core.thread.pool.size",
                    "resilience.bulkhead.max.thread.pool.size", "resilience.bulkhead.active.thread.count",
                    "resilience.ratelimiter.available.permissions", "resilience.ratelimiter.waiting.threads",
                    "resilience.ratelimiter.calls", "resilience.ratelimiter.keys", "resilience.timeout.calls");
            assertThat(ids.get("resilience.circuitbreaker.calls")).containsExactlyInAnyOrder(
                    "kind=failed,name=cb", "kind=ignored,name=cb", "kind=not_permitted,name=cb",
                    "kind=successful,name=cb");
            assertThat(ids.get("resilience.circuitbreaker.state")).containsExactlyInAnyOrder(
                    "name=cb,state=closed", "name=cb,state=open", "name=cb,state=half_open",
                    "name=cb,state=forced_open", "name=cb,state=disabled", "name=cb,state=metrics_only");
            assertThat(ids.get("resilience.circuitbreaker.failure.rate")).containsExactly("name=cb");
            assertThat(ids.get("resilience.circuitbreaker.slow.call.rate")).containsExactly("name=cb");
            assertThat(ids.get("resilience.circuitbreaker.store.degraded")).containsExactly("name=cb,store=memory");
            assertThat(ids.get("resilience.ratelimiter.store.degraded")).containsExactlyInAnyOrder(
                    "keyed=false,name=rl,store=memory", "keyed=true,name=per-user,store=memory");
            assertThat(ids.get("resilience.retry.calls")).containsExactlyInAnyOrder(
                    "kind=successful_without_retry,name=retry", "kind=successful_with_retry,name=retry",
                    "kind=failed_without_retry,name=retry", "kind=failed_with_retry,name=retry");
            assertThat(ids.get("resilience.bulkhead.available.concurrent.calls")).containsExactlyInAnyOrder(
                    "name=bh,type=semaphore", "name=pool,type=thread-pool");
            assertThat(ids.get("resilience.bulkhead.max.allowed.concurrent.calls")).containsExactlyInAnyOrder(
                    "name=bh,type=semaphore", "name=pool,type=thread-pool");
            assertThat(ids.get("resilience.bulkhead.calls")).containsExactlyInAnyOrder(
                    "kind=permitted,name=bh,type=semaphore", "kind=rejected,name=bh,type=semaphore",
                    "kind=permitted,name=pool,type=thread-pool", "kind=rejected,name=pool,type=thread-pool");
            for (String poolGauge : List.of("queue.depth", "queue.capacity", "thread.pool.size",
                    "core.thread.pool.size", "max.thread.pool.size", "active.thread.count")) {
                assertThat(ids.get("resilience.bulkhead." + poolGauge)).containsExactly("name=pool,type=thread-pool");
            }
            assertThat(ids.get("resilience.ratelimiter.available.permissions")).containsExactly("keyed=false,name=rl");
            assertThat(ids.get("resilience.ratelimiter.waiting.threads")).containsExactly("keyed=false,name=rl");
            assertThat(ids.get("resilience.ratelimiter.calls")).containsExactlyInAnyOrder(
                    "keyed=false,kind=permitted,name=rl", "keyed=false,kind=rejected,name=rl",
                    "keyed=true,kind=permitted,name=per-user", "keyed=true,kind=rejected,name=per-user");
            assertThat(ids.get("resilience.ratelimiter.keys")).containsExactly("keyed=true,name=per-user");
            assertThat(ids.get("resilience.timeout.calls")).containsExactlyInAnyOrder(
                    "kind=successful,name=to", "kind=failed,name=to", "kind=timed_out,name=to");
            // Every meter of one name has the same tag keys, as Prometheus requires.
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            for (String name : ids.keySet()) {
                assertThat(meters.find(name).meters().stream()
                        .map(m -> m.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet()))
                        .distinct()).as(name).hasSize(1);
            }
        });
    }

    @Test
    void circuitBreakerMetersShowRealCallsStateAndRates() {
        runner.withPropertyValues("resilience.circuit-breaker.instances.backend.sliding-window-size=4",
                "resilience.circuit-breaker.instances.backend.minimum-number-of-calls=4",
                "resilience.circuit-breaker.instances.backend.wait-duration-in-open-state=1h",
                "resilience.circuit-breaker.instances.backend.ignore-exceptions=java.lang.IllegalArgumentException")
                .run(context -> {
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    // Created after start-up, at first use: its meters appear then.
                    assertThat(meters.find("resilience.circuitbreaker.calls").tag("name", "backend").meters()).isEmpty();
                    dev.resilience.circuitbreaker.CircuitBreaker breaker =
                            context.getBean(CircuitBreakerRegistry.class).get("backend");
                    assertThat(gauge(meters, "resilience.circuitbreaker.failure.rate", "name", "backend")).isEqualTo(-1);
                    assertThat(gauge(meters, "resilience.circuitbreaker.slow.call.rate", "name", "backend")).isEqualTo(-1);
                    assertThat(stateGauges(meters, "backend")).containsEntry("closed", 1.0).containsEntry("open", 0.0);

                    breaker.executeSupplier(() -> "ok");
                    breaker.executeSupplier(() -> "ok");
                    assertThatThrownBy(() -> breaker.executeSupplier(() -> {
                        throw new IllegalArgumentException("ignored");
                    })).isInstanceOf(IllegalArgumentException.class);
                    assertThat(gauge(meters, "resilience.circuitbreaker.failure.rate", "name", "backend")).isEqualTo(-1);
                    for (int i = 0; i < 2; i++) {
                        assertThatThrownBy(() -> breaker.executeSupplier(() -> {
                            throw new IllegalStateException("down");
                        })).isInstanceOf(IllegalStateException.class);
                    }
                    assertThatThrownBy(() -> breaker.executeSupplier(() -> "never"))
                            .isInstanceOf(CallNotPermittedException.class);

                    assertThat(timerCount(meters, "resilience.circuitbreaker.calls", "backend", "successful")).isEqualTo(2);
                    assertThat(timerCount(meters, "resilience.circuitbreaker.calls", "backend", "failed")).isEqualTo(2);
                    assertThat(timerCount(meters, "resilience.circuitbreaker.calls", "backend", "ignored")).isEqualTo(1);
                    assertThat(timerCount(meters, "resilience.circuitbreaker.calls", "backend", "not_permitted")).isEqualTo(1);
                    assertThat(stateGauges(meters, "backend")).containsExactlyInAnyOrderEntriesOf(Map.of("closed", 0.0,
                            "open", 1.0, "half_open", 0.0, "forced_open", 0.0, "disabled", 0.0, "metrics_only", 0.0));
                    assertThat(gauge(meters, "resilience.circuitbreaker.failure.rate", "name", "backend")).isEqualTo(50);
                    assertThat(gauge(meters, "resilience.circuitbreaker.slow.call.rate", "name", "backend")).isEqualTo(0);

                    breaker.transitionToForcedOpenState();
                    assertThat(stateGauges(meters, "backend")).containsEntry("forced_open", 1.0).containsEntry("open", 0.0);
                    breaker.transitionToMetricsOnlyState();
                    assertThat(stateGauges(meters, "backend")).containsEntry("metrics_only", 1.0);
                });
    }

    @Test
    void metersOfARemovedInstanceAreRemovedAndAReplacedInstanceIsRebound() {
        runner.run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
            dev.resilience.circuitbreaker.CircuitBreaker first = breakers.get("replaced");
            first.executeSupplier(() -> "ok");
            assertThat(timerCount(meters, "resilience.circuitbreaker.calls", "replaced", "successful")).isEqualTo(1);

            dev.resilience.circuitbreaker.CircuitBreaker second =
                    dev.resilience.circuitbreaker.CircuitBreaker.ofDefaults("replaced");
            second.transitionToOpenState();
            breakers.replace("replaced", second);
            assertThat(timerCount(meters, "resilience.circuitbreaker.calls", "replaced", "successful")).isZero();
            assertThat(stateGauges(meters, "replaced")).containsEntry("open", 1.0).containsEntry("closed", 0.0);
            first.executeSupplier(() -> "the old instance no longer feeds the meters");
            assertThat(timerCount(meters, "resilience.circuitbreaker.calls", "replaced", "successful")).isZero();

            breakers.remove("replaced");
            assertThat(meters.find("resilience.circuitbreaker.calls").tag("name", "replaced").meters()).isEmpty();
            assertThat(meters.find("resilience.circuitbreaker.state").tag("name", "replaced").meters()).isEmpty();
            assertThat(meters.find("resilience.circuitbreaker.failure.rate").tag("name", "replaced").meters()).isEmpty();

            // Removal detached the listener too: calls on the removed instance touch no meter.
            second.transitionToClosedState();
            second.executeSupplier(() -> "ok");
            assertThat(meters.find("resilience.circuitbreaker.calls").tag("name", "replaced").meters()).isEmpty();

            // The same name created again gets fresh meters.
            breakers.get("replaced").executeSupplier(() -> "ok");
            assertThat(timerCount(meters, "resilience.circuitbreaker.calls", "replaced", "successful")).isEqualTo(1);

            context.getBean(RetryRegistry.class).get("gone");
            context.getBean(RetryRegistry.class).remove("gone");
            assertThat(meters.find("resilience.retry.calls").tag("name", "gone").meters()).isEmpty();
        });
    }

    @Test
    void retryCountsEachOutcomeOnce() {
        runner.withPropertyValues("resilience.retry.instances.backend.max-attempts=3",
                "resilience.retry.instances.backend.wait-duration=0ms",
                "resilience.retry.instances.backend.ignore-exceptions=java.lang.IllegalArgumentException")
                .run(context -> {
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    Retry retry = context.getBean(RetryRegistry.class).get("backend");
                    retry.executeSupplier(() -> "first time");
                    int[] attempts = {0};
                    retry.executeSupplier(() -> {
                        if (attempts[0]++ == 0) {
                            throw new IllegalStateException("once");
                        }
                        return "second time";
                    });
                    assertThatThrownBy(() -> retry.executeSupplier(() -> {
                        throw new IllegalStateException("always");
                    })).hasMessage("always");
                    assertThatThrownBy(() -> retry.executeSupplier(() -> {
                        throw new IllegalArgumentException("not retried");
                    })).hasMessage("not retried");

                    assertThat(counter(meters, "resilience.retry.calls", "name", "backend", "kind",
                            "successful_without_retry")).isEqualTo(1);
                    assertThat(counter(meters, "resilience.retry.calls", "name", "backend", "kind",
                            "successful_with_retry")).isEqualTo(1);
                    assertThat(counter(meters, "resilience.retry.calls", "name", "backend", "kind",
                            "failed_with_retry")).isEqualTo(1);
                    assertThat(counter(meters, "resilience.retry.calls", "name", "backend", "kind",
                            "failed_without_retry")).isEqualTo(1);
                });
    }

    @Test
    void semaphoreBulkheadGaugesAndCalls() {
        runner.withPropertyValues("resilience.bulkhead.instances.single.max-concurrent-calls=1").run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            Bulkhead bulkhead = context.getBean(BulkheadRegistry.class).get("single");
            assertThat(bulkhead.tryAcquirePermission()).isTrue();
            assertThat(bulkhead.tryAcquirePermission()).isFalse();
            assertThat(gauge(meters, "resilience.bulkhead.available.concurrent.calls", "name", "single")).isZero();
            assertThat(gauge(meters, "resilience.bulkhead.max.allowed.concurrent.calls", "name", "single")).isEqualTo(1);
            bulkhead.releasePermission();
            assertThat(gauge(meters, "resilience.bulkhead.available.concurrent.calls", "name", "single")).isEqualTo(1);
            assertThat(counter(meters, "resilience.bulkhead.calls", "name", "single", "kind", "permitted")).isEqualTo(1);
            assertThat(counter(meters, "resilience.bulkhead.calls", "name", "single", "kind", "rejected")).isEqualTo(1);
        });
    }

    @Test
    void threadPoolBulkheadSharesTheBulkheadMetersWithTypeThreadPool() {
        runner.withPropertyValues("resilience.thread-pool-bulkhead.instances.pool.core-thread-pool-size=1",
                "resilience.thread-pool-bulkhead.instances.pool.max-thread-pool-size=1",
                "resilience.thread-pool-bulkhead.instances.pool.queue-capacity=1").run(context -> {
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    ThreadPoolBulkhead pool = context.getBean(ThreadPoolBulkheadRegistry.class).get("pool");
                    assertThat(gauge(meters, "resilience.bulkhead.max.allowed.concurrent.calls", "type", "thread-pool"))
                            .isEqualTo(2);
                    assertThat(gauge(meters, "resilience.bulkhead.available.concurrent.calls", "type", "thread-pool"))
                            .isEqualTo(2);
                    CountDownLatch running = new CountDownLatch(1);
                    CountDownLatch release = new CountDownLatch(1);
                    CompletableFuture<String> first = pool.executeCompletionStage(() -> {
                        running.countDown();
                        awaitLatch(release);
                        return CompletableFuture.completedFuture("first");
                    }).toCompletableFuture();
                    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
                    CompletableFuture<String> queued = pool.executeCompletionStage(
                            () -> CompletableFuture.completedFuture("queued")).toCompletableFuture();
                    assertThatThrownBy(() -> pool.executeCompletionStage(
                            () -> CompletableFuture.completedFuture("rejected")).toCompletableFuture().get())
                            .hasCauseInstanceOf(dev.resilience.bulkhead.BulkheadFullException.class);
                    assertThat(gauge(meters, "resilience.bulkhead.queue.depth", "name", "pool")).isEqualTo(1);
                    assertThat(gauge(meters, "resilience.bulkhead.active.thread.count", "name", "pool")).isEqualTo(1);
                    assertThat(gauge(meters, "resilience.bulkhead.available.concurrent.calls", "name", "pool")).isZero();
                    release.countDown();
                    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
                    assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("queued");
                    assertThat(counter(meters, "resilience.bulkhead.calls", "name", "pool", "kind", "permitted"))
                            .isEqualTo(2);
                    assertThat(counter(meters, "resilience.bulkhead.calls", "name", "pool", "kind", "rejected"))
                            .isEqualTo(1);
                    assertThat(gauge(meters, "resilience.bulkhead.queue.capacity", "name", "pool")).isEqualTo(1);
                    assertThat(gauge(meters, "resilience.bulkhead.max.thread.pool.size", "name", "pool")).isEqualTo(1);
                    assertThat(gauge(meters, "resilience.bulkhead.core.thread.pool.size", "name", "pool")).isEqualTo(1);
                });
    }

    @Test
    void rateLimiterGaugeAndCalls() {
        runner.withPropertyValues("resilience.rate-limiter.instances.two.limit-for-period=2",
                "resilience.rate-limiter.instances.two.limit-refresh-period=1h").run(context -> {
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    RateLimiter limiter = context.getBean(RateLimiterRegistry.class).get("two");
                    assertThat(gauge(meters, "resilience.ratelimiter.available.permissions", "name", "two")).isEqualTo(2);
                    assertThat(limiter.tryAcquirePermission()).isTrue();
                    assertThat(limiter.tryAcquirePermission()).isTrue();
                    assertThat(limiter.tryAcquirePermission()).isFalse();
                    assertThat(gauge(meters, "resilience.ratelimiter.available.permissions", "name", "two")).isZero();
                    assertThat(gauge(meters, "resilience.ratelimiter.waiting.threads", "name", "two")).isZero();
                    assertThat(counter(meters, "resilience.ratelimiter.calls", "name", "two", "kind", "permitted"))
                            .isEqualTo(2);
                    assertThat(counter(meters, "resilience.ratelimiter.calls", "name", "two", "kind", "rejected"))
                            .isEqualTo(1);
                });
    }

    @Test
    void aKeyedRateLimiterHasOneSetOfMetersAndNeverTheKeyInATag() {
        runner.withPropertyValues("resilience.rate-limiter.instances.api.limit-for-period=1",
                "resilience.rate-limiter.instances.api.limit-refresh-period=1h").run(context -> {
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    RateLimiterRegistry registry = context.getBean(RateLimiterRegistry.class);
                    KeyedRateLimiter perUser = registry.keyed("api");
                    RateLimiter plain = registry.get("api");
                    for (String user : List.of("alice@example.com", "bob@example.com", "carol@example.com")) {
                        assertThat(perUser.tryAcquirePermission(user)).isTrue();
                        assertThat(perUser.tryAcquirePermission(user)).isFalse();
                    }
                    assertThat(plain.tryAcquirePermission()).isTrue();
                    assertThat(counter(meters, "resilience.ratelimiter.calls", "name", "api", "keyed", "true", "kind",
                            "permitted")).isEqualTo(3);
                    assertThat(counter(meters, "resilience.ratelimiter.calls", "name", "api", "keyed", "true", "kind",
                            "rejected")).isEqualTo(3);
                    assertThat(counter(meters, "resilience.ratelimiter.calls", "name", "api", "keyed", "false", "kind",
                            "permitted")).isEqualTo(1);
                    assertThat(gauge(meters, "resilience.ratelimiter.keys", "name", "api")).isEqualTo(3);
                    assertThat(meters.find("resilience.ratelimiter.calls").tag("keyed", "true").meters()).hasSize(2);
                    assertThat(meters.getMeters()).flatExtracting(m -> m.getId().getTags())
                            .extracting(Tag::getValue).noneMatch(value -> value.contains("@example.com"));
                });
    }

    @Test
    void timeoutCountsEachOutcome() {
        runner.withPropertyValues("resilience.timeout.instances.fast.timeout-duration=20ms").run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            Timeout timeout = context.getBean(TimeoutRegistry.class).get("fast");
            timeout.executeCompletionStage(() -> CompletableFuture.completedFuture("ok")).toCompletableFuture().get();
            assertThatThrownBy(() -> timeout.executeCompletionStage(
                    () -> CompletableFuture.failedFuture(new IOException("failed in time"))).toCompletableFuture().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
            assertThatThrownBy(() -> timeout.executeCompletionStage(CompletableFuture::new).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutExceededException.class);
            assertThat(counter(meters, "resilience.timeout.calls", "name", "fast", "kind", "successful")).isEqualTo(1);
            assertThat(counter(meters, "resilience.timeout.calls", "name", "fast", "kind", "failed")).isEqualTo(1);
            // The scheduler thread fails the caller's stage first, then tells the listeners.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    counter(meters, "resilience.timeout.calls", "name", "fast", "kind", "timed_out")).isEqualTo(1));
        });
    }

    @Test
    void fallbackCountersExistFromStartUpAndCountEachOutcome() {
        runner.withUserConfiguration(FallbackService.Config.class).run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.find("resilience.fallback.calls").meters())
                    .extracting(m -> tagString(m.getId().getTags()))
                    .containsExactlyInAnyOrder(
                            "method=FallbackService#recovers,name=FallbackService#recovers,outcome=success",
                            "method=FallbackService#recovers,name=FallbackService#recovers,outcome=failure",
                            "method=FallbackService#failsAgain,name=FallbackService#failsAgain,outcome=success",
                            "method=FallbackService#failsAgain,name=FallbackService#failsAgain,outcome=failure");
            FallbackService service = context.getBean(FallbackService.class);
            assertThat(service.recovers()).isEqualTo("fallback");
            assertThat(service.recovers()).isEqualTo("fallback");
            assertThatThrownBy(service::failsAgain).hasMessage("original");
            assertThat(counter(meters, "resilience.fallback.calls", "method", "FallbackService#recovers", "outcome",
                    "success")).isEqualTo(2);
            assertThat(counter(meters, "resilience.fallback.calls", "method", "FallbackService#recovers", "outcome",
                    "failure")).isZero();
            assertThat(counter(meters, "resilience.fallback.calls", "method", "FallbackService#failsAgain", "outcome",
                    "failure")).isEqualTo(1);
        });
    }

    @Test
    void instancesOfAnnotatedMethodsHaveMetersBeforeTheFirstCall() {
        runner.withUserConfiguration(FallbackService.Config.class).run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(timerCount(meters, "resilience.circuitbreaker.calls", "annotated", "successful")).isZero();
            context.getBean(FallbackService.class).protectedByBreaker();
            assertThat(timerCount(meters, "resilience.circuitbreaker.calls", "annotated", "successful")).isEqualTo(1);
        });
    }

    @Test
    void switchedOffWithTheProperty() {
        runner.withPropertyValues("resilience.metrics.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(CircuitBreakerMetrics.class).doesNotHaveBean(FallbackMetrics.class);
            createOneInstanceOfEachPattern(context);
            assertThat(resilienceMeterIds(context.getBean(MeterRegistry.class))).isEmpty();
        });
    }

    @Test
    void backsOffWithoutAMeterRegistryBean() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                        ResilienceMetricsAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CircuitBreakerMetrics.class)
                        .doesNotHaveBean(FallbackMetrics.class));
    }

    @Test
    void backsOffWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean("resilienceCircuitBreakerMetrics")
                        .doesNotHaveBean("resilienceFallbackMetrics")
                        .hasSingleBean(CircuitBreakerRegistry.class));
    }

    @Test
    void aBinderTheApplicationDefinesReplacesOurs() {
        runner.withUserConfiguration(OwnBinder.class).run(context -> assertThat(context)
                .getBean(CircuitBreakerMetrics.class).isSameAs(context.getBean("ownCircuitBreakerMetrics")));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void createOneInstanceOfEachPattern(AssertableApplicationContext context) {
        context.getBean(CircuitBreakerRegistry.class).get("cb");
        context.getBean(RetryRegistry.class).get("retry");
        context.getBean(BulkheadRegistry.class).get("bh");
        context.getBean(ThreadPoolBulkheadRegistry.class).get("pool");
        context.getBean(RateLimiterRegistry.class).get("rl");
        context.getBean(RateLimiterRegistry.class).keyed("per-user");
        context.getBean(TimeoutRegistry.class).get("to");
    }

    /** Meter name to its tag sets ("k=v,k=v", keys sorted), for meters named resilience.*. */
    private static Map<String, Set<String>> resilienceMeterIds(MeterRegistry meters) {
        Map<String, Set<String>> ids = new TreeMap<>();
        for (Meter meter : meters.getMeters()) {
            if (meter.getId().getName().startsWith("resilience.")) {
                ids.computeIfAbsent(meter.getId().getName(), n -> new TreeSet<>())
                        .add(tagString(meter.getId().getTags()));
            }
        }
        return ids;
    }

    private static String tagString(List<Tag> tags) {
        return tags.stream().sorted().map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(","));
    }

    private static double gauge(MeterRegistry meters, String name, String... tags) {
        return meters.get(name).tags(tags).gauge().value();
    }

    private static double counter(MeterRegistry meters, String name, String... tags) {
        // Counters fed by listeners, or function counters over counts the instance keeps: one meter either way.
        Meter meter = meters.get(name).tags(tags).meter();
        return meter instanceof FunctionCounter functionCounter ? functionCounter.count() : ((Counter) meter).count();
    }

    private static long timerCount(MeterRegistry meters, String name, String breaker, String kind) {
        return meters.get(name).tags("name", breaker, "kind", kind).timer().count();
    }

    private static Map<String, Double> stateGauges(MeterRegistry meters, String breaker) {
        return meters.get("resilience.circuitbreaker.state").tag("name", breaker).gauges().stream()
                .collect(Collectors.toMap(g -> g.getId().getTag("state"), g -> g.value()));
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A bean with annotated methods. */
    public static class FallbackService {

        @Fallback(method = "recovered")
        public String recovers() {
            throw new IllegalStateException("down");
        }

        String recovered(Throwable failure) {
            return "fallback";
        }

        @Fallback(method = "alsoFails")
        public String failsAgain() {
            throw new IllegalStateException("original");
        }

        String alsoFails() {
            throw new IllegalStateException("fallback failed too");
        }

        @CircuitBreaker(name = "annotated")
        public String protectedByBreaker() {
            return "ok";
        }

        @Configuration(proxyBeanMethods = false)
        static class Config {
            @Bean
            FallbackService fallbackService() {
                return new FallbackService();
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBinder {
        @Bean
        CircuitBreakerMetrics ownCircuitBreakerMetrics(CircuitBreakerRegistry registry) {
            return new CircuitBreakerMetrics(registry);
        }
    }
}
