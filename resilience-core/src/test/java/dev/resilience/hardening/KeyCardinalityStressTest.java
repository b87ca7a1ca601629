package dev.resilience.hardening;

import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import org.junit.jupiter.api.Tag;
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
 * than {@code max-keys}.
 *
 * <p>Found here, not fixed (it needs a design decision, see {@link #aClientCannotResetItsOwnLimitByCyclingKeys}):
 * eviction forgets a key's use of its current period, so a key whose user pauses for longer than the attackers
 * need to cycle through {@code max-keys} new keys comes back with a fresh limit.
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
                        limiter.tryAcquirePermission("attacker-" + id + "-" + i);
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
        assertThat(hotGrants.get()).isGreaterThanOrEqualTo(limit);
    }

    /**
     * The limit bypass: a client that used up its key's permits sends {@code max-keys} requests with made-up keys
     * (a random user id in a header), which evicts its own key, and then has a fresh limit. Memory stays bounded,
     * but the limit does not hold. Possible fixes: evict only keys whose current period is unused and serve new
     * keys from one shared overflow limiter while every held key is in use; or evict by fewest permits used. Both
     * change documented eviction order ({@code KeyedRateLimiterTest.Eviction}), so this is left for a decision.
     */
    @Tag("known-defect")
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
    }
}
