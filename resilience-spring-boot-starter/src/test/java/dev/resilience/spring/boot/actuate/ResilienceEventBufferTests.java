package dev.resilience.spring.boot.actuate;

import dev.resilience.bulkhead.ThreadPoolBulkheadListener;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.retry.RetryListener;
import dev.resilience.timeout.TimeoutListener;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutExceededException;
import dev.resilience.timeout.TimeoutRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class ResilienceEventBufferTests {

    private static final Instant NOW = Instant.parse("2026-11-05T10:15:30Z");

    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final ResilienceEventBuffer buffer = new ResilienceEventBuffer(100, CLOCK);

    @AfterEach
    void close() {
        buffer.close();
    }

    private static CircuitBreakerRegistry breakers() {
        return CircuitBreakerRegistry.of(CircuitBreakerConfig.builder().slidingWindowSize(2).minimumNumberOfCalls(2)
                .waitDurationInOpenState(Duration.ofHours(1)).ticker(() -> 0L).clock(CLOCK).build());
    }

    private static void fail(CircuitBreaker breaker) {
        assertThatThrownBy(() -> breaker.executeSupplier(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
    }

    @Nested
    class CircuitBreakers {

        @Test
        void successfulCallsAreNotRecorded() {
            CircuitBreakerRegistry registry = breakers();
            buffer.follow("circuit-breaker", registry, CircuitBreakerListener::events);
            CircuitBreaker breaker = registry.get("backend");
            for (int i = 0; i < 10; i++) {
                breaker.executeSupplier(() -> "ok");
            }
            assertThat(buffer.events()).isEmpty();
            assertThat(buffer.events("backend")).isEmpty();
            assertThat(buffer.isKnown("backend")).isTrue();
        }

        @Test
        void failuresTransitionsRejectionsAndResetsAreRecordedInOrderWithDetails() {
            CircuitBreakerRegistry registry = breakers();
            buffer.follow("circuit-breaker", registry, CircuitBreakerListener::events);
            CircuitBreaker breaker = registry.get("backend");
            fail(breaker);
            fail(breaker);
            assertThatThrownBy(() -> breaker.executeSupplier(() -> "never"))
                    .isInstanceOf(CallNotPermittedException.class);
            breaker.reset();

            assertThat(buffer.events()).extracting(ResilienceEvent::pattern, ResilienceEvent::name,
                    ResilienceEvent::type, ResilienceEvent::time).containsExactly(
                    tuple("circuit-breaker", "backend", "ERROR", NOW),
                    tuple("circuit-breaker", "backend", "ERROR", NOW),
                    tuple("circuit-breaker", "backend", "FAILURE_RATE_EXCEEDED", NOW),
                    tuple("circuit-breaker", "backend", "STATE_TRANSITION", NOW),
                    tuple("circuit-breaker", "backend", "NOT_PERMITTED", NOW),
                    tuple("circuit-breaker", "backend", "STATE_TRANSITION", NOW),
                    tuple("circuit-breaker", "backend", "RESET", NOW));
            List<ResilienceEvent> events = buffer.events();
            assertThat(events.get(0).details()).containsExactly(Map.entry("duration", "PT0S"),
                    Map.entry("exception", IllegalStateException.class.getName()), Map.entry("message", "boom"));
            assertThat(events.get(2).details()).containsExactly(Map.entry("failureRate", 100.0f));
            assertThat(events.get(3).details()).containsExactly(Map.entry("fromState", "CLOSED"),
                    Map.entry("toState", "OPEN"));
            assertThat(events.get(5).details()).containsExactly(Map.entry("fromState", "OPEN"),
                    Map.entry("toState", "CLOSED"));
        }

        @Test
        void breakersCreatedLaterAreFollowedAndRemovedOnesForgotten() {
            CircuitBreakerRegistry registry = breakers();
            buffer.follow("circuit-breaker", registry, CircuitBreakerListener::events);
            assertThat(buffer.isKnown("late")).isFalse();
            CircuitBreaker late = registry.get("late");
            late.transitionToForcedOpenState();
            assertThat(buffer.events("late")).extracting(ResilienceEvent::type).containsExactly("STATE_TRANSITION");

            registry.remove("late");
            assertThat(buffer.events("late")).isEmpty();
            assertThat(buffer.isKnown("late")).isFalse();
            late.transitionToClosedState();
            assertThat(buffer.events("late")).as("detached from the removed breaker").isEmpty();
        }

        @Test
        void closeDetachesTheListeners() {
            CircuitBreakerRegistry registry = breakers();
            buffer.follow("circuit-breaker", registry, CircuitBreakerListener::events);
            CircuitBreaker breaker = registry.get("backend");
            breaker.transitionToOpenState();
            buffer.close();
            breaker.transitionToClosedState();
            assertThat(buffer.events()).hasSize(1);
            assertThat(registry.get("other")).satisfies(other -> other.transitionToOpenState());
            assertThat(buffer.events()).hasSize(1);
        }
    }

    @Nested
    class OtherPatterns {

        @Test
        void retriesAndExhaustedCallsAreRecordedButNotFirstAttemptSuccesses() {
            RetryRegistry registry = RetryRegistry.of(RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ZERO)
                    .clock(CLOCK).build());
            buffer.follow("retry", registry, RetryListener::events);
            var retry = registry.get("inventory");
            retry.executeSupplier(() -> "first time");
            assertThat(buffer.events()).isEmpty();

            int[] calls = {0};
            assertThat(retry.executeSupplier(() -> {
                if (calls[0]++ == 0) {
                    throw new IllegalStateException("once");
                }
                return "second time";
            })).isEqualTo("second time");
            assertThatThrownBy(() -> retry.executeSupplier(() -> {
                throw new IllegalStateException("always");
            })).hasMessage("always");

            assertThat(buffer.events()).extracting(ResilienceEvent::pattern, ResilienceEvent::type).containsExactly(
                    tuple("retry", "RETRY"), tuple("retry", "SUCCESS"), tuple("retry", "RETRY"),
                    tuple("retry", "RETRY"), tuple("retry", "ERROR"));
            List<ResilienceEvent> events = buffer.events("inventory");
            assertThat(events.get(0).details()).containsExactly(Map.entry("attempt", 1),
                    Map.entry("waitDuration", "PT0S"), Map.entry("error", "java.lang.IllegalStateException: once"));
            assertThat(events.get(1).details()).containsExactly(Map.entry("attempts", 2));
            assertThat(events.get(4).details()).containsExactly(Map.entry("attempts", 3),
                    Map.entry("error", "java.lang.IllegalStateException: always"));
        }

        @Test
        void bulkheadRejectionsAreRecordedButNotPermittedCalls() {
            BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.builder().maxConcurrentCalls(1)
                    .clock(CLOCK).build());
            buffer.follow("bulkhead", registry, BulkheadListener::events);
            Bulkhead bulkhead = registry.get("db");
            bulkhead.executeSupplier(() -> "ok");
            assertThat(bulkhead.tryAcquirePermission()).isTrue();
            assertThatThrownBy(() -> bulkhead.executeSupplier(() -> "full"))
                    .isInstanceOf(BulkheadFullException.class);
            bulkhead.releasePermission();

            assertThat(buffer.events()).extracting(ResilienceEvent::pattern, ResilienceEvent::name,
                    ResilienceEvent::type).containsExactly(tuple("bulkhead", "db", "CALL_REJECTED"));
        }

        @Test
        void threadPoolBulkheadsAreFollowed() {
            try (ThreadPoolBulkheadRegistry registry = ThreadPoolBulkheadRegistry.ofDefaults()) {
                buffer.follow("thread-pool-bulkhead", registry, ThreadPoolBulkheadListener::events);
                registry.get("pool");
                assertThat(buffer.isKnown("pool")).isTrue();
                registry.remove("pool");
                assertThat(buffer.isKnown("pool")).isFalse();
            }
        }

        @Test
        void rateLimiterRejectionsOfPlainAndKeyedLimitersAreRecordedWithoutTheKey() {
            RateLimiterRegistry registry = RateLimiterRegistry.of(RateLimiterConfig.builder().limitForPeriod(1)
                    .limitRefreshPeriod(Duration.ofHours(1)).ticker(() -> 0L).clock(CLOCK).build());
            buffer.follow("rate-limiter", registry, RateLimiterListener::events);
            buffer.follow("rate-limiter", registry.keyedLimiters(), null);
            var limiter = registry.get("api");
            limiter.executeSupplier(() -> "ok");
            assertThatThrownBy(() -> limiter.executeSupplier(() -> "limited"))
                    .isInstanceOf(RateLimitExceededException.class);
            var perUser = registry.keyed("per-user");
            assertThat(perUser.tryAcquirePermission("alice")).isTrue();
            assertThat(perUser.tryAcquirePermission("alice")).isFalse();

            assertThat(buffer.events()).extracting(ResilienceEvent::pattern, ResilienceEvent::name,
                    ResilienceEvent::type, ResilienceEvent::details).containsExactly(
                    tuple("rate-limiter", "api", "REJECTED", Map.of("permits", 1)),
                    tuple("rate-limiter", "per-user", "REJECTED", Map.of("permits", 1)));
            assertThat(buffer.isKnown("per-user")).isTrue();
            registry.keyedLimiters().remove("per-user");
            assertThat(buffer.events("per-user")).isEmpty();
        }

        @Test
        void timeoutsAndFailuresOfTimedCallsAreRecordedButNotCallsInTime() {
            TimeoutRegistry registry = TimeoutRegistry.of(TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(20))
                    .clock(CLOCK).build());
            buffer.follow("timeout", registry, TimeoutListener::events);
            var timeout = registry.get("slow");
            assertThat(timeout.executeCompletionStage(() -> CompletableFuture.completedFuture("fast"))
                    .toCompletableFuture().join()).isEqualTo("fast");
            assertThat(buffer.events()).isEmpty();

            CompletableFuture<String> never = new CompletableFuture<>();
            CompletableFuture<String> timed = timeout.executeCompletionStage(() -> never).toCompletableFuture();
            await().atMost(Duration.ofSeconds(10)).until(timed::isDone);
            assertThatThrownBy(timed::join).hasCauseInstanceOf(TimeoutExceededException.class);
            assertThat(timeout.executeCompletionStage(() -> CompletableFuture.<String>failedFuture(
                    new IllegalStateException("broken"))).toCompletableFuture()).isCompletedExceptionally();

            assertThat(buffer.events()).extracting(ResilienceEvent::pattern, ResilienceEvent::type)
                    .containsExactly(tuple("timeout", "TIMEOUT"), tuple("timeout", "ERROR"));
            assertThat(buffer.events().get(0).details()).containsExactly(Map.entry("timeout", "PT0.02S"));
            assertThat(buffer.events().get(1).details()).containsEntry("exception",
                    IllegalStateException.class.getName()).containsEntry("message", "broken");
        }

        @Test
        void fallbacksOfAnnotatedMethodsAreRecordedUnderTheProtectedMethod() {
            buffer.fallbackObserver().onFallbackSucceeded("OrderService#place", "OrderService#queued",
                    new IllegalStateException("down"));
            buffer.fallbackObserver().onFallbackFailed("OrderService#place", new IllegalStateException("down"));

            assertThat(buffer.events("OrderService#place")).extracting(ResilienceEvent::pattern,
                    ResilienceEvent::type, ResilienceEvent::time, ResilienceEvent::details).containsExactly(
                    tuple("fallback", "FALLBACK", NOW, Map.of("fallbackMethod", "OrderService#queued",
                            "error", "java.lang.IllegalStateException: down")),
                    tuple("fallback", "FALLBACK_FAILED", NOW, Map.of("error",
                            "java.lang.IllegalStateException: down", "suppressed", 0)));
            assertThat(buffer.isKnown("OrderService#place")).isTrue();
        }
    }

    @Nested
    class Reading {

        @Test
        void eventsOfEveryInstanceComeNewestLastAndPerNameAcrossPatterns() {
            CircuitBreakerRegistry breakers = breakers();
            RetryRegistry retries = RetryRegistry.of(RetryConfig.builder().maxAttempts(2)
                    .waitDuration(Duration.ZERO).clock(CLOCK).build());
            buffer.follow("circuit-breaker", breakers, CircuitBreakerListener::events);
            buffer.follow("retry", retries, RetryListener::events);
            breakers.get("a").transitionToOpenState();
            breakers.get("backend").transitionToForcedOpenState();
            breakers.get("a").transitionToHalfOpenState();
            assertThatThrownBy(() -> retries.get("backend").executeSupplier(() -> {
                throw new IllegalStateException("x");
            }));
            breakers.get("backend").transitionToDisabledState();

            assertThat(buffer.events()).extracting(ResilienceEvent::name, ResilienceEvent::type,
                    event -> event.details().get("toState")).containsExactly(
                    tuple("a", "STATE_TRANSITION", "OPEN"),
                    tuple("backend", "STATE_TRANSITION", "FORCED_OPEN"),
                    tuple("a", "STATE_TRANSITION", "HALF_OPEN"),
                    tuple("backend", "RETRY", null),
                    tuple("backend", "ERROR", null),
                    tuple("backend", "STATE_TRANSITION", "DISABLED"));
            assertThat(buffer.events("backend")).extracting(ResilienceEvent::pattern, ResilienceEvent::type)
                    .containsExactly(tuple("circuit-breaker", "STATE_TRANSITION"), tuple("retry", "RETRY"),
                            tuple("retry", "ERROR"), tuple("circuit-breaker", "STATE_TRANSITION"));
            assertThat(buffer.events("nobody")).isEmpty();
            assertThat(buffer.isKnown("nobody")).isFalse();
        }

        @Test
        void eachInstanceKeepsItsLastBufferSizeEvents() {
            ResilienceEventBuffer small = new ResilienceEventBuffer(3, CLOCK);
            for (int i = 0; i < 7; i++) {
                small.record(event("a", "A" + i));
                small.record(event("b", "B" + i));
            }
            assertThat(small.bufferSize()).isEqualTo(3);
            assertThat(small.events("a")).extracting(ResilienceEvent::type).containsExactly("A4", "A5", "A6");
            assertThat(small.events()).extracting(ResilienceEvent::type)
                    .containsExactly("A4", "B4", "A5", "B5", "A6", "B6");
        }

        @Test
        void aBufferSizeBelowOneIsRejected() {
            assertThatIllegalArgumentException().isThrownBy(() -> new ResilienceEventBuffer(0))
                    .withMessage("Invalid 'buffer-size' (0): must be greater than or equal to 1");
        }
    }

    /**
     * 16 threads record into rings of 64 events; once they are done each ring holds exactly its last 64 events,
     * once each and in order, however the writers interleaved.
     */
    @Test
    void concurrentWritersLeaveExactlyTheLastEventsOfEachRing() throws Exception {
        int threads = 16;
        int perThread = 5_000;
        ResilienceEventBuffer shared = new ResilienceEventBuffer(64, CLOCK);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = t % 2 == 0 ? "even" : "odd";
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        shared.record(event(name, thread + ":" + i));
                        if (i % 500 == 0) {
                            assertThat(shared.events(name).size()).isLessThanOrEqualTo(64);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String name : List.of("even", "odd")) {
            List<ResilienceEvent> events = shared.events(name);
            assertThat(events).hasSize(64);
            Set<String> distinct = new HashSet<>();
            events.forEach(event -> distinct.add(event.type()));
            assertThat(distinct).hasSize(64);
        }
        assertThat(shared.events()).hasSize(128);
        // Per writer thread, its surviving events keep their order.
        List<ResilienceEvent> all = shared.events();
        int[] last = new int[threads];
        java.util.Arrays.fill(last, -1);
        for (ResilienceEvent event : all) {
            String[] parts = event.type().split(":");
            int thread = Integer.parseInt(parts[0]);
            int index = Integer.parseInt(parts[1]);
            assertThat(index).isGreaterThan(last[thread]);
            last[thread] = index;
        }
    }

    private static ResilienceEvent event(String name, String type) {
        return new ResilienceEvent("test", name, type, NOW, Map.of());
    }
}
