package dev.resilience.spring.boot.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.retry.RetryRegistry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mechanism every binder shares, without Spring: following a registry's instances as they come and go,
 * binding twice, composite meter registries, and instances created and removed from many threads while the
 * binder binds.
 */
class RegistryMeterBinderTests {

    @Test
    void bindingTwiceToTheSameMeterRegistryCountsEachCallOnce() {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CircuitBreakerMetrics binder = new CircuitBreakerMetrics(breakers);
        binder.bindTo(meters);
        binder.bindTo(meters);
        breakers.get("backend").executeSupplier(() -> "ok");
        assertThat(meters.get(CircuitBreakerMetrics.CALLS).tags("name", "backend", "kind", "successful").timer().count())
                .isEqualTo(1);
    }

    @Test
    void eachMeterRegistryBoundToGetsItsOwnMeters() {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        CircuitBreakerMetrics binder = new CircuitBreakerMetrics(breakers);
        binder.bindTo(first);
        binder.bindTo(second);
        breakers.get("backend").executeSupplier(() -> "ok");
        for (SimpleMeterRegistry meters : List.of(first, second)) {
            assertThat(meters.get(CircuitBreakerMetrics.CALLS).tags("name", "backend", "kind", "successful").timer()
                    .count()).isEqualTo(1);
        }
        breakers.remove("backend");
        assertThat(first.getMeters()).isEmpty();
        assertThat(second.getMeters()).isEmpty();
    }

    @Test
    void removalThroughACompositeRemovesTheMetersOfItsChildren() {
        RetryRegistry retries = RetryRegistry.ofDefaults();
        SimpleMeterRegistry child = new SimpleMeterRegistry();
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(child);
        new RetryMetrics(retries).bindTo(composite);
        retries.get("backend").executeSupplier(() -> "ok");
        assertThat(child.get(RetryMetrics.CALLS).tags("name", "backend", "kind", "successful_without_retry")
                .functionCounter().count()).isEqualTo(1);
        retries.remove("backend");
        assertThat(composite.getMeters()).isEmpty();
        assertThat(child.getMeters()).isEmpty();
    }

    @Test
    void instancesCreatedAndRemovedConcurrentlyEndWithMetersForExactlyTheLiveOnes() throws Exception {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CircuitBreakerMetrics binder = new CircuitBreakerMetrics(breakers);
        for (int i = 0; i < 20; i++) {
            breakers.get("before-" + i);
        }
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 2_000; i++) {
                        String name = "n" + random.nextInt(40);
                        if (random.nextBoolean()) {
                            CircuitBreaker breaker = breakers.get(name);
                            breaker.executeSupplier(() -> "ok");
                        } else {
                            breakers.remove(name);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            binder.bindTo(meters);
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> live = breakers.all().stream().map(CircuitBreaker::name).collect(Collectors.toSet());
        Set<String> metered = meters.getMeters().stream().map(Meter::getId).map(id -> id.getTag("name"))
                .collect(Collectors.toSet());
        assertThat(metered).isEqualTo(live);
        // Every live breaker has its full set: 4 timers, 6 state gauges, 2 rate gauges.
        for (String name : live) {
            assertThat(meters.find(CircuitBreakerMetrics.CALLS).tag("name", name).timers()).hasSize(4);
            assertThat(meters.find(CircuitBreakerMetrics.STATE).tag("name", name).gauges()).hasSize(6);
            assertThat(meters.find(CircuitBreakerMetrics.FAILURE_RATE).tag("name", name).gauges()).hasSize(1);
        }
    }
}
