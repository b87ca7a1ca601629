package dev.resilience.hardening;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What instances cost in heap, measured as the retained heap after full collections, divided by their number;
 * figures are printed for the README ("Reliability"). Bounds are generous: they catch a regression by a
 * multiple, not a few bytes.
 */
class MemoryFootprintTest {

    @Test
    void tenThousandCircuitBreakersWithAWindowOfOneHundred() {
        int count = 10_000;
        CircuitBreakerConfig config = CircuitBreakerConfig.builder().slidingWindowSize(100).build();
        CircuitBreaker[] breakers = new CircuitBreaker[count];
        long before = Heap.usedAfterGc();
        for (int i = 0; i < count; i++) {
            breakers[i] = CircuitBreaker.of("breaker-" + i, config);
            breakers[i].executeSupplier(() -> "warm");
        }
        long perBreaker = (Heap.usedAfterGc() - before) / count;
        System.out.printf("heap per circuit breaker (count window 100, name included): %,d B%n", perBreaker);
        assertThat(breakers[count - 1].metrics().bufferedCalls()).isEqualTo(1);
        assertThat(perBreaker).isBetween(1L, 4_096L);
    }

    @Test
    void oneMillionRateLimiterKeys() {
        int count = 1_000_000;
        KeyedRateLimiter limiter = KeyedRateLimiter.of("keys", RateLimiterConfig.builder().maxKeys(count).build());
        Long[] keys = new Long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = (long) i; // the keys are the caller's objects: made before the baseline
        }
        long before = Heap.usedAfterGc();
        for (int i = 0; i < count; i++) {
            limiter.tryAcquirePermission(keys[i]);
        }
        long perKey = (Heap.usedAfterGc() - before) / count;
        System.out.printf("heap per rate-limiter key (1,000,000 keys, key object excluded): %,d B%n", perKey);
        assertThat(limiter.size()).isEqualTo(count);
        assertThat(perKey).isBetween(1L, 1_024L);
    }

    @Test
    void keysBeyondMaxKeysDoNotGrowTheHeap() {
        int maxKeys = 10_000;
        KeyedRateLimiter limiter = KeyedRateLimiter.of("bounded", RateLimiterConfig.builder().maxKeys(maxKeys)
                .limitRefreshPeriod(Duration.ofHours(1)).build());
        for (int i = 0; i < maxKeys; i++) {
            limiter.tryAcquirePermission("key-" + i);
        }
        long full = Heap.usedAfterGc();
        int attackers = Integer.getInteger("hardening.keys", 1_000_000);
        for (int i = 0; i < attackers; i++) {
            limiter.tryAcquirePermission("attacker-" + i);
        }
        long after = Heap.usedAfterGc();
        System.out.printf("heap growth after %,d keys beyond max-keys=%,d: %,d B%n", attackers, maxKeys, after - full);
        assertThat(limiter.size()).isEqualTo(maxKeys);
        // Generous: the whole of 10,000 keys is ~3 MB; the attack may not retain more than that again.
        assertThat(after - full).isLessThan(4L << 20);
    }

    @Test
    void aRateLimiterCostsLittle() {
        int count = 10_000;
        RateLimiter[] limiters = new RateLimiter[count];
        RateLimiterConfig config = RateLimiterConfig.ofDefaults();
        long before = Heap.usedAfterGc();
        for (int i = 0; i < count; i++) {
            limiters[i] = RateLimiter.of("limiter-" + i, config);
            limiters[i].tryAcquirePermission();
        }
        long perLimiter = (Heap.usedAfterGc() - before) / count;
        System.out.printf("heap per rate limiter (name included): %,d B%n", perLimiter);
        assertThat(perLimiter).isBetween(1L, 2_048L);
    }

    /** Rounds of the composed stress: the heap after GC must not grow from round to round. */
    @Test
    void noHeapGrowthOverRepeatedStressRounds() throws Exception {
        runRounds(3, Duration.ofSeconds(1));
    }

    @Tag("hardening")
    @Test
    void noHeapGrowthOverALongRun() throws Exception {
        runRounds(10, Duration.ofSeconds(Long.getLong("hardening.seconds", 30)));
    }

    private static void runRounds(int rounds, Duration each) throws Exception {
        long first = 0;
        long last = 0;
        long calls = 0;
        for (int round = 0; round < rounds; round++) {
            PipelineStress.Report report = PipelineStress.runSync(new PipelineStress.Options().threads(4)
                    .duration(each).maxCalls(Long.MAX_VALUE));
            assertThat(report.violations).as(report.toString()).isEmpty();
            calls += report.calls;
            last = Heap.usedAfterGc();
            if (round == 0) {
                first = last;
            }
        }
        System.out.printf("heap after GC: %,d B after round 1, %,d B after round %d (%,d calls in all)%n", first,
                last, rounds, calls);
        // Each round builds fresh instances that become garbage; only a leak in something shared would add up.
        assertThat(last - first).isLessThan(8L << 20);
    }
}
