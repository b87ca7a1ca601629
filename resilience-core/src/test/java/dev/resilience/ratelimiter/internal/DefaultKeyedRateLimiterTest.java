package dev.resilience.ratelimiter.internal;

import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DefaultKeyedRateLimiterTest {

    /**
     * 16 threads use 200,000 distinct keys (and a few shared hot ones) against max-keys 500, while a monitor
     * samples the size: it never exceeds max-keys, and afterwards map and slots agree exactly.
     */
    @Test
    void theEvictionBoundHoldsUnderConcurrentAccessWithManyKeys() throws Exception {
        int maxKeys = 500;
        DefaultKeyedRateLimiter keyed = new DefaultKeyedRateLimiter("api", RateLimiterConfig.builder()
                .limitForPeriod(3).maxKeys(maxKeys).build());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger largestSeen = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread monitor = new Thread(() -> {
            while (running.get()) {
                largestSeen.accumulateAndGet(keyed.size(), Math::max);
                Thread.onSpinWait();
            }
        });
        monitor.start();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 12_500; i++) {
                        Object key = random.nextInt(4) == 0 ? "hot-" + random.nextInt(8) : id * 1_000_000 + i;
                        if (random.nextBoolean()) {
                            keyed.tryAcquirePermission(key);
                        } else {
                            keyed.limiterFor(key).tryAcquirePermission();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        running.set(false);
        monitor.join(10_000);

        assertThat(failure.get()).isNull();
        assertThat(largestSeen.get()).isLessThanOrEqualTo(maxKeys);
        assertThat(keyed.size()).isEqualTo(maxKeys);
        assertThat(keyed.isConsistent()).isTrue();
    }

    /** Memory is bounded: an evicted key's limiter and state are garbage once nobody else holds them. */
    @Test
    void evictedLimitersAreReleased() {
        ManualTicker ticker = new ManualTicker();
        DefaultKeyedRateLimiter keyed = new DefaultKeyedRateLimiter("api", RateLimiterConfig.builder()
                .maxKeys(2).ticker(ticker).build());
        List<WeakReference<RateLimiter>> early = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // A period apart: each held key is past its first period, at rest, so the next one evicts it.
            ticker.advance(Duration.ofSeconds(1));
            early.add(new WeakReference<>(keyed.limiterFor("key-" + i)));
        }

        assertThat(keyed.size()).isEqualTo(2);
        assertThat(keyed.isConsistent()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return early.subList(0, 48).stream().allMatch(reference -> reference.get() == null);
        });
        assertThat(early.get(49).get()).as("held keys stay").isNotNull();
    }

    @Test
    void slotsStayDenseThroughEvictionAndShrinking() {
        ManualTicker ticker = new ManualTicker();
        RateLimiterConfig config = RateLimiterConfig.builder().maxKeys(40).ticker(ticker).build();
        DefaultKeyedRateLimiter keyed = new DefaultKeyedRateLimiter("api", config);
        for (int i = 0; i < 1_000; i++) {
            ticker.advance(1);
            keyed.tryAcquirePermission(ThreadLocalRandom.current().nextInt(100));
            assertThat(keyed.isConsistent()).isTrue();
        }

        keyed.reconfigure(RateLimiterConfig.from(config).maxKeys(7).build());

        assertThat(keyed.size()).isEqualTo(7);
        assertThat(keyed.isConsistent()).isTrue();
    }
}
