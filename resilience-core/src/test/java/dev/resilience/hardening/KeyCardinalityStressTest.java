package dev.resilience.hardening;

import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key-cardinality attack from several threads at once, beside a key in active use: the limiter never holds more
 * than {@code max-keys}, and no key is reset within its period.
 *
 * <p>Found here (fixed): eviction used to forget a key's use of its current period, so a key whose user paused
 * for longer than the attackers needed to cycle through {@code max-keys} new keys came back with a fresh limit
 * (312 grants for a limit of 10 in one run), and a client could reset its own limit on purpose. Now only keys at
 * rest are evicted, and keys that cannot be held share one overflow limit.
 */
class KeyCardinalityStressTest {

    @Test
    void attackersFromManyThreadsNeitherGrowTheLimiterNorResetAKeyInUse() throws Exception {
        int maxKeys = 1_000;
        int limit = 10;
        KeyedRateLimiter limiter = KeyedRateLimiter.of("attacked", RateLimiterConfig.builder().maxKeys(maxKeys)
                .limitForPeriod(limit).limitRefreshPeriod(Duration.ofHours(1)).build());
        int attackers = 4;
        int keysPerAttacker = Integer.getInteger("hardening.keys", 1_000_000) / attackers;
        AtomicBoolean attacking = new AtomicBoolean(true);
        AtomicInteger hotGrants = new AtomicInteger();
        AtomicInteger attackerGrants = new AtomicInteger();
        AtomicInteger maxSizeSeen = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int a = 0; a < attackers; a++) {
            int id = a;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < keysPerAttacker; i++) {
                        if (limiter.tryAcquirePermission("attacker-" + id + "-" + i)) {
                            attackerGrants.incrementAndGet();
                        }
                        if ((i & 1023) == 0) {
                            maxSizeSeen.accumulateAndGet(limiter.size(), Math::max);
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }));
        }
        Thread hot = new Thread(() -> {
            try {
                start.await();
                while (attacking.get()) {
                    if (limiter.tryAcquirePermission("hot")) {
                        hotGrants.incrementAndGet();
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        // The key is in use before the attack starts (a key first seen while max-keys keys in use are held
        // shares the overflow limit with the attackers' keys).
        assertThat(limiter.tryAcquirePermission("hot")).isTrue();
        hotGrants.incrementAndGet();
        threads.forEach(Thread::start);
        hot.start();
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        attacking.set(false);
        hot.join();

        assertThat(failure.get()).isNull();
        assertThat(maxSizeSeen.get()).isLessThanOrEqualTo(maxKeys);
        assertThat(limiter.size()).isEqualTo(maxKeys);
        System.out.printf("key in use during a %,d-key attack: %d grants for a limit of %d per period%n",
                attackers * keysPerAttacker, hotGrants.get(), limit);
        assertThat(hotGrants.get()).as("the key in use is never reset within its period").isEqualTo(limit);
        // Each made-up key asks once: one grant from each key held (no key is at rest within its first hour, so
        // none is evicted and at most max-keys are ever created), one limit from the overflow for the rest.
        assertThat(attackerGrants.get()).isLessThanOrEqualTo(maxKeys - 1 + limit);
    }

    /**
     * The limit bypass (fixed): a client that used up its key's permits sends {@code max-keys} requests with made-up
     * keys (a random user id in a header). That used to evict its own key, which then had a fresh limit. Now its
     * key is held for as long as its period holds permits it took, and the made-up keys share one overflow limit.
     */
    @Test
    void aClientCannotResetItsOwnLimitByCyclingKeys() {
        KeyedRateLimiter limiter = KeyedRateLimiter.of("bypass", RateLimiterConfig.builder().maxKeys(100)
                .limitForPeriod(5).limitRefreshPeriod(Duration.ofHours(1)).build());
        int granted = 0;
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 10; i++) {
                granted += limiter.tryAcquirePermission("me") ? 1 : 0;
            }
            for (int i = 0; i < 100; i++) {
                limiter.tryAcquirePermission("made-up-" + round + "-" + i);
            }
        }
        assertThat(granted).as("grants for one key within one period").isEqualTo(5);
        assertThat(limiter.size()).isEqualTo(100);
    }
}
