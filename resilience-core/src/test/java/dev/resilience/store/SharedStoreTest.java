package dev.resilience.store;

import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.store.testing.InMemoryStoreServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SharedStoreTest {

    private final InMemoryStoreServer server = new InMemoryStoreServer();
    private final List<SharedStore> stores = new ArrayList<>();

    private SharedStore start(SharedStoreOptions.Builder options) {
        SharedStore store = SharedStore.start(server.connect(), options.build());
        stores.add(store);
        return store;
    }

    @AfterEach
    void close() {
        stores.forEach(SharedStore::close);
    }

    @Nested
    class HappyPath {

        @Test
        void aClosedBreakerMakesNoRoundTripPerCall() {
            // Flushes and polls far apart: whatever reaches the server during the calls would be per call.
            SharedStore store = start(SharedStoreOptions.builder().flushInterval(Duration.ofHours(1))
                    .pollInterval(Duration.ofHours(1)));
            CircuitBreaker breaker = CircuitBreaker.of("quiet", CircuitBreakerConfig.builder()
                    .storeFactory(store.circuitBreakers()).build());
            await().until(() -> server.attempts() >= 3); // heartbeat, first read, creation
            long before = server.attempts();

            for (int i = 0; i < 10_000; i++) {
                breaker.executeRunnable(() -> { });
            }
            try {
                breaker.executeRunnable(() -> {
                    throw new IllegalStateException("a failure is batched too");
                });
            } catch (IllegalStateException expected) {
                // recorded
            }

            assertThat(server.attempts()).isEqualTo(before);
            assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        }

        @Test
        void theBatchReachesTheStoreOnTheNextFlush() {
            SharedStore store = start(SharedStoreOptions.builder().flushInterval(Duration.ofMillis(10)));
            CircuitBreaker breaker = CircuitBreaker.of("counted", CircuitBreakerConfig.builder()
                    .storeFactory(store.circuitBreakers()).build());
            for (int i = 0; i < 7; i++) {
                breaker.executeRunnable(() -> { });
            }
            await().until(() -> breaker.metrics().bufferedCalls() == 7);
            assertThat(breaker.storeInfo().type()).isEqualTo("test");
        }
    }

    @Nested
    class Propagation {

        @Test
        void aLostNotificationIsCaughtUpByThePoll() {
            server.notifying(false);
            SharedStore a = start(SharedStoreOptions.builder().pollInterval(Duration.ofMillis(100)));
            SharedStore b = start(SharedStoreOptions.builder().pollInterval(Duration.ofMillis(100)));
            CircuitBreaker onA = CircuitBreaker.of("quiet-channel", CircuitBreakerConfig.builder()
                    .storeFactory(a.circuitBreakers()).build());
            CircuitBreaker onB = CircuitBreaker.of("quiet-channel", CircuitBreakerConfig.builder()
                    .storeFactory(b.circuitBreakers()).build());

            onA.transitionToForcedOpenState();

            await().atMost(Duration.ofSeconds(5)).until(() -> onB.state() == CircuitBreaker.State.FORCED_OPEN);
        }

        @Test
        void breakersAdoptATransitionFromTheNotificationWithoutWaitingForThePoll() {
            SharedStore a = start(SharedStoreOptions.builder().pollInterval(Duration.ofHours(1)));
            SharedStore b = start(SharedStoreOptions.builder().pollInterval(Duration.ofHours(1)));
            CircuitBreaker onA = CircuitBreaker.of("loud-channel", CircuitBreakerConfig.builder()
                    .storeFactory(a.circuitBreakers()).build());
            CircuitBreaker onB = CircuitBreaker.of("loud-channel", CircuitBreakerConfig.builder()
                    .storeFactory(b.circuitBreakers()).build());

            onA.transitionToForcedOpenState();

            await().atMost(Duration.ofSeconds(5)).until(() -> onB.state() == CircuitBreaker.State.FORCED_OPEN);
        }
    }

    @Nested
    class Outages {

        @Test
        void aHangingStoreCostsOneCallTheTimeoutAndThenNoCallWaits() {
            SharedStore store = start(SharedStoreOptions.builder().timeout(Duration.ofMillis(100))
                    .pollInterval(Duration.ofHours(1)));
            RateLimiter limiter = RateLimiter.of("hang", RateLimiterConfig.builder().limitForPeriod(100)
                    .store(store.rateLimiters()).build());
            assertThat(limiter.tryAcquirePermission()).isTrue();
            server.mode(InMemoryStoreServer.Mode.HANGING);

            assertThat(limiter.tryAcquirePermission()).as("answered locally after the timeout").isTrue();
            assertThat(store.info().isDegraded()).isTrue();
            long asked = server.attempts();
            for (int i = 0; i < 1000; i++) {
                limiter.tryAcquirePermission();
            }
            assertThat(server.attempts()).as("no call waits for a store known to be down").isEqualTo(asked);
            assertThat(server.unanswered()).as("the operation nobody waits for is cancelled")
                    .allMatch(java.util.concurrent.CompletableFuture::isCancelled);
        }

        @Test
        void theLocalStandInGrantsThisInstancesShareOfTheLimit() {
            SharedStore one = start(SharedStoreOptions.builder().pollInterval(Duration.ofMillis(50)));
            SharedStore two = start(SharedStoreOptions.builder().pollInterval(Duration.ofMillis(50)));
            SharedStore three = start(SharedStoreOptions.builder().pollInterval(Duration.ofMillis(50)));
            await().until(() -> one.fleetSize() == 3 && two.fleetSize() == 3 && three.fleetSize() == 3);
            RateLimiter limiter = RateLimiter.of("share", RateLimiterConfig.builder().limitForPeriod(10)
                    .limitRefreshPeriod(Duration.ofDays(1)).store(one.rateLimiters()).build());
            server.mode(InMemoryStoreServer.Mode.DOWN);

            int granted = 0;
            for (int i = 0; i < 20; i++) {
                granted += limiter.tryAcquirePermission() ? 1 : 0;
            }

            assertThat(granted).as("10 / 3 instances").isEqualTo(3);
        }

        @Test
        void failClosedRejectsEveryCallUntilTheStoreAnswers() {
            SharedStore store = start(SharedStoreOptions.builder().outagePolicy(OutagePolicy.FAIL_CLOSED)
                    .pollInterval(Duration.ofMillis(100)));
            RateLimiter limiter = RateLimiter.of("strict", RateLimiterConfig.builder().limitForPeriod(100)
                    .store(store.rateLimiters()).build());
            CircuitBreaker breaker = CircuitBreaker.of("strict", CircuitBreakerConfig.builder()
                    .storeFactory(store.circuitBreakers()).build());
            server.mode(InMemoryStoreServer.Mode.DOWN);

            assertThatThrownBy(limiter::acquirePermission).isInstanceOf(RateLimitExceededException.class)
                    .satisfies(e -> assertThat(((RateLimitExceededException) e).retryAfter())
                            .isEqualTo(Duration.ofMillis(100)));
            await().until(() -> breaker.state() == CircuitBreaker.State.FORCED_OPEN);
            assertThatThrownBy(() -> breaker.executeRunnable(() -> { })).isInstanceOf(CallNotPermittedException.class);

            server.mode(InMemoryStoreServer.Mode.UP);
            await().until(() -> breaker.state() == CircuitBreaker.State.CLOSED && !store.info().isDegraded());
            breaker.executeRunnable(() -> { });
            assertThat(limiter.tryAcquirePermission()).isTrue();
        }

        @Test
        void aStoreDownAtStartStillGivesWorkingInstancesThatShareOnceItAnswers() {
            server.mode(InMemoryStoreServer.Mode.DOWN);
            SharedStore a = start(SharedStoreOptions.builder().pollInterval(Duration.ofMillis(50)).instanceId("a"));
            CircuitBreaker onA = CircuitBreaker.of("late", CircuitBreakerConfig.builder()
                    .storeFactory(a.circuitBreakers()).build());
            onA.executeRunnable(() -> { });
            onA.transitionToForcedOpenState();

            server.mode(InMemoryStoreServer.Mode.UP);
            await().until(() -> !a.info().isDegraded());
            SharedStore b = start(SharedStoreOptions.builder().pollInterval(Duration.ofMillis(50)).instanceId("b"));
            CircuitBreaker onB = CircuitBreaker.of("late", CircuitBreakerConfig.builder()
                    .storeFactory(b.circuitBreakers()).build());
            await().until(() -> onB.state() == CircuitBreaker.State.FORCED_OPEN);
        }
    }
}
