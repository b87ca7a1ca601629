package dev.resilience.ratelimiter;

import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyedRateLimiterTest {

    private final ManualTicker ticker = new ManualTicker();

    private RateLimiterConfig.Builder config(int limit, int maxKeys) {
        return RateLimiterConfig.builder().limitForPeriod(limit).limitRefreshPeriod(Duration.ofSeconds(1))
                .maxKeys(maxKeys).ticker(ticker);
    }

    private KeyedRateLimiter keyed(int limit, int maxKeys) {
        return KeyedRateLimiter.of("api", config(limit, maxKeys).build());
    }

    /** Takes a permit of {@code key} one nanosecond after the previous use, so recency is unambiguous. */
    private RateLimiter use(KeyedRateLimiter keyed, Object key) {
        ticker.advance(1);
        RateLimiter limiter = keyed.limiterFor(key);
        assertThat(limiter.tryAcquirePermission()).isTrue();
        return limiter;
    }

    @Nested
    class PerKeyLimits {

        @Test
        void everyKeyHasItsOwnLimit() {
            KeyedRateLimiter keyed = keyed(2, 100);

            assertThat(keyed.tryAcquirePermission("alice")).isTrue();
            assertThat(keyed.tryAcquirePermission("alice")).isTrue();
            assertThat(keyed.tryAcquirePermission("alice")).isFalse();
            assertThat(keyed.tryAcquirePermission("bob")).isTrue();
            assertThat(keyed.tryAcquirePermission("bob", 2)).isFalse();
            assertThat(keyed.size()).isEqualTo(2);

            ticker.advance(Duration.ofSeconds(1));
            assertThat(keyed.tryAcquirePermission("alice", 2)).isTrue();
        }

        @Test
        void aKeysLimiterIsARateLimiterNamedAfterTheKeyedOne() {
            KeyedRateLimiter keyed = keyed(1, 100);
            RateLimiter alice = keyed.limiterFor("alice");

            assertThat(keyed.limiterFor("alice")).isSameAs(alice);
            assertThat(alice.name()).isEqualTo("api");
            assertThat(alice.toString()).doesNotContain("alice").isEqualTo("RateLimiter[api (one key), 1 per 1s]");
            assertThat(alice.executeSupplier(() -> "ok")).isEqualTo("ok");
            assertThatThrownBy(() -> keyed.acquirePermission("alice"))
                    .isInstanceOf(RateLimitExceededException.class)
                    .hasMessage("Rate limit of 'api' exceeded (1 per 1s); retry after 1000ms");
            assertThat(alice.metrics().availablePermissions()).isZero();
        }

        @Test
        void keysAreCheckedForNull() {
            KeyedRateLimiter keyed = keyed(1, 100);

            assertThatThrownBy(() -> keyed.tryAcquirePermission(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> keyed.tryAcquirePermission(null, 1)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> keyed.limiterFor(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> keyed.acquirePermission(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void aKeysLimiterIsConfiguredAndObservedThroughTheKeyedOne() {
            RateLimiter alice = keyed(1, 100).limiterFor("alice");

            assertThatThrownBy(() -> alice.reconfigure(RateLimiterConfig.ofDefaults()))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("This is one key's limiter of the keyed rate limiter 'api': reconfigure the keyed "
                            + "limiter, which applies one configuration to every key");
            assertThatThrownBy(() -> alice.addListener(new RateLimiterListener() { }))
                    .hasMessage("This is one key's limiter of the keyed rate limiter 'api': add listeners to the "
                            + "keyed limiter, which hears every key");
            assertThatThrownBy(() -> alice.onEvent(event -> { }))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void listenersOfTheKeyedLimiterHearEveryKey() {
            KeyedRateLimiter keyed = keyed(1, 100);
            List<String> heard = new ArrayList<>();
            List<ResilienceEvent> events = new ArrayList<>();
            keyed.addListener(new RateLimiterListener() {
                @Override
                public void onPermitted(RateLimiter rateLimiter, int permits) {
                    heard.add("permitted " + rateLimiter.name());
                }

                @Override
                public void onRejected(RateLimiter rateLimiter, int permits) {
                    heard.add("rejected " + rateLimiter.name());
                }
            });
            keyed.onEvent(events::add);

            keyed.tryAcquirePermission("alice");
            keyed.limiterFor("bob").tryAcquirePermission();
            keyed.tryAcquirePermission("bob");

            assertThat(heard).containsExactly("permitted api", "permitted api", "rejected api");
            assertThat(events).extracting(ResilienceEvent::name).containsOnly("api");
            assertThat(events).extracting(ResilienceEvent::type).containsExactly("PERMITTED", "PERMITTED", "REJECTED");
            assertThat(events.toString()).doesNotContain("alice", "bob");
        }

        @Test
        void reconfiguringAppliesToEveryKeyInPlace() {
            KeyedRateLimiter keyed = keyed(3, 100);
            keyed.tryAcquirePermission("alice");
            keyed.tryAcquirePermission("bob", 2);

            keyed.reconfigure(config(4, 100).build());

            assertThat(keyed.config().limitForPeriod()).isEqualTo(4);
            assertThat(keyed.limiterFor("alice").metrics().availablePermissions()).isEqualTo(3);
            assertThat(keyed.limiterFor("bob").metrics().availablePermissions()).isEqualTo(2);
            assertThat(keyed.limiterFor("carol").metrics().availablePermissions()).isEqualTo(4);
        }

        @Test
        void describesItself() {
            KeyedRateLimiter keyed = keyed(3, 100);
            keyed.tryAcquirePermission("alice");

            assertThat(keyed).hasToString("KeyedRateLimiter[api, 3 per 1s, keys=1]");
            assertThat(keyed.name()).isEqualTo("api");
            assertThat(KeyedRateLimiter.ofDefaults("x").config()).isSameAs(RateLimiterConfig.ofDefaults());
        }
    }

    @Nested
    class Eviction {

        /** Ends every key's current period: each is back at rest, with a full period's permits. */
        private void endPeriod() {
            ticker.advance(Duration.ofSeconds(1));
        }

        @Test
        void theLeastRecentlyUsedKeyAtRestGoes() {
            KeyedRateLimiter keyed = keyed(100, 3);
            RateLimiter a = use(keyed, "a");
            RateLimiter b = use(keyed, "b");
            RateLimiter c = use(keyed, "c");
            use(keyed, "a");
            endPeriod();

            use(keyed, "d");

            assertThat(keyed.size()).isEqualTo(3);
            assertThat(keyed.limiterFor("a")).isSameAs(a);
            assertThat(keyed.limiterFor("c")).isSameAs(c);
            assertThat(keyed.limiterFor("b")).as("b was evicted").isNotSameAs(b);
            assertThat(keyed.size()).isEqualTo(3);
        }

        @Test
        void aKeyThatTookPermitsInItsPeriodIsNeverEvicted() {
            KeyedRateLimiter keyed = keyed(2, 2);
            RateLimiter a = use(keyed, "a");
            use(keyed, "a");
            RateLimiter b = use(keyed, "b");

            // Neither held key is at rest: the newcomers are served without evicting one.
            for (int i = 0; i < 100; i++) {
                keyed.tryAcquirePermission("made-up-" + i);
            }

            assertThat(keyed.size()).isEqualTo(2);
            assertThat(keyed.limiterFor("a")).isSameAs(a);
            assertThat(keyed.limiterFor("b")).isSameAs(b);
            assertThat(keyed.tryAcquirePermission("a")).as("a's limit holds for the rest of its period").isFalse();
        }

        @Test
        void keysThatCannotBeHeldShareOneKeysLimitUntilAHeldKeyIsAtRest() {
            KeyedRateLimiter keyed = keyed(3, 2);
            use(keyed, "a");
            use(keyed, "b");

            int newcomersGranted = 0;
            for (int i = 0; i < 10; i++) {
                newcomersGranted += keyed.tryAcquirePermission("newcomer-" + i) ? 1 : 0;
            }
            assertThat(newcomersGranted).as("10 keys beyond max-keys, one limit of 3 between them").isEqualTo(3);
            assertThat(keyed.limiterFor("x")).isSameAs(keyed.limiterFor("y"));
            assertThat(keyed.size()).isEqualTo(2);

            endPeriod();
            RateLimiter c = use(keyed, "c");
            assertThat(keyed.limiterFor("c")).as("held now that a key is at rest").isSameAs(c)
                    .isNotSameAs(keyed.limiterFor("x"));
            assertThat(c.metrics().availablePermissions()).isEqualTo(2);
        }

        @Test
        void askingForAPermitEitherWayCountsAsUse() {
            KeyedRateLimiter keyed = keyed(5, 2);
            RateLimiter a = use(keyed, "a");
            RateLimiter b = use(keyed, "b");
            ticker.advance(1);
            keyed.tryAcquirePermission("a");
            endPeriod();
            RateLimiter c = use(keyed, "c");
            // Held keys only: looking up an evicted one would add it again.
            assertThat(keyed.limiterFor("a")).as("a was used after b").isSameAs(a);
            assertThat(keyed.limiterFor("c")).as("b was evicted for c").isSameAs(c).isNotSameAs(b);

            endPeriod();
            ticker.advance(1);
            a.tryAcquirePermission();
            endPeriod();
            use(keyed, "d");

            assertThat(keyed.limiterFor("a")).as("a was used after c").isSameAs(a);
            assertThat(keyed.limiterFor("c")).isNotSameAs(c);
        }

        @Test
        void lookingAKeyUpIsNotAUse() {
            KeyedRateLimiter keyed = keyed(5, 2);
            RateLimiter a = use(keyed, "a");
            use(keyed, "b");
            ticker.advance(1);
            keyed.limiterFor("a");
            endPeriod();

            use(keyed, "c");

            assertThat(keyed.limiterFor("a")).isNotSameAs(a);
        }

        @Test
        void exactLeastRecentlyUsedOrderUpToSixteenKeys() {
            KeyedRateLimiter keyed = keyed(100, 16);
            List<RateLimiter> limiters = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                limiters.add(use(keyed, i));
            }
            // Touch in a scrambled order: 5 is now the least recently used, then 12, then 3.
            int[] order = {5, 12, 3, 0, 15, 7, 9, 1, 14, 2, 11, 6, 13, 4, 10, 8};
            for (int key : order) {
                use(keyed, key);
            }
            endPeriod();

            use(keyed, "x");
            use(keyed, "y");
            use(keyed, "z");

            assertThat(keyed.size()).isEqualTo(16);
            for (int i = 0; i < 16; i++) {
                if (i != 5 && i != 12 && i != 3) {
                    // Looking up a held key adds nothing, so this evicts nothing either.
                    assertThat(keyed.limiterFor(i)).as("key %d kept", i).isSameAs(limiters.get(i));
                }
            }
            assertThat(keyed.limiterFor(5)).as("key 5 evicted").isNotSameAs(limiters.get(5));
        }

        @Test
        void keysInActiveUseSurviveHeavyChurnOfNewKeys() {
            KeyedRateLimiter keyed = keyed(1_000, 1_000);
            List<RateLimiter> hot = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                hot.add(use(keyed, "hot-" + i));
            }

            for (int round = 0; round < 200; round++) {
                // Every key is at rest again, the hot ones used most recently.
                ticker.advance(Duration.ofSeconds(1));
                for (int i = 0; i < 100; i++) {
                    use(keyed, "cold-" + round + "-" + i);
                }
                for (int i = 0; i < 100; i++) {
                    use(keyed, "hot-" + i);
                }
                assertThat(keyed.size()).isLessThanOrEqualTo(1_000);
            }

            for (int i = 0; i < 100; i++) {
                assertThat(keyed.limiterFor("hot-" + i)).as("hot key %d", i).isSameAs(hot.get(i));
            }
            assertThat(keyed.size()).isEqualTo(1_000);
        }

        @Test
        void aLowerMaxKeysEvictsAtOnce() {
            KeyedRateLimiter keyed = keyed(100, 10);
            for (int i = 0; i < 10; i++) {
                use(keyed, i);
            }

            keyed.reconfigure(config(100, 4).build());

            assertThat(keyed.size()).isEqualTo(4);
            ticker.advance(1);
            RateLimiter nine = keyed.limiterFor(9);
            use(keyed, "new");
            assertThat(keyed.size()).isEqualTo(4);
            assertThat(keyed.limiterFor(9)).as("the most recent keys stay").isSameAs(nine);
        }

        @Test
        void aNewTickerForgetsEveryKey() {
            KeyedRateLimiter keyed = keyed(1, 10);
            keyed.tryAcquirePermission("a");

            keyed.reconfigure(RateLimiterConfig.from(keyed.config()).ticker(new ManualTicker(0)).build());

            assertThat(keyed.size()).isZero();
            assertThat(keyed.tryAcquirePermission("a")).isTrue();
        }
    }

    @Nested
    class UnderConcurrency {

        /** 16 threads on 8 shared keys, time frozen per phase: each key grants exactly its limit per phase. */
        @Test
        void everyKeyGrantsItsLimitPerPeriodNeverMore() throws Exception {
            int limit = 10;
            int keys = 8;
            int threads = 16;
            int phases = 100;
            KeyedRateLimiter keyed = keyed(limit, 100);
            AtomicIntegerArray granted = new AtomicIntegerArray(keys);
            List<int[]> perPhase = new ArrayList<>();
            CyclicBarrier barrier = new CyclicBarrier(threads, () -> {
                int[] snapshot = new int[keys];
                for (int k = 0; k < keys; k++) {
                    snapshot[k] = granted.getAndSet(k, 0);
                }
                perPhase.add(snapshot);
                ticker.advance(Duration.ofSeconds(1));
            });
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread worker = new Thread(() -> {
                    try {
                        for (int phase = 0; phase < phases; phase++) {
                            for (int i = 0; i < 80; i++) {
                                int key = (id + i) % keys;
                                boolean ok = i % 3 == 0 ? keyed.limiterFor("key-" + key).tryAcquirePermission()
                                        : keyed.tryAcquirePermission("key-" + key);
                                if (ok) {
                                    granted.incrementAndGet(key);
                                }
                            }
                            barrier.await(30, TimeUnit.SECONDS);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        barrier.reset();
                    }
                });
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join(60_000);
            }

            assertThat(failure.get()).isNull();
            assertThat(perPhase).hasSize(phases)
                    .allSatisfy(counts -> assertThat(counts).containsOnly(limit));
        }
    }
}
