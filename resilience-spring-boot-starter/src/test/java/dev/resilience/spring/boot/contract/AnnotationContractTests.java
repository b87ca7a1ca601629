package dev.resilience.spring.boot.contract;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import dev.resilience.annotation.Timeout;
import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.timeout.TimeoutExceededException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.resilience.circuitbreaker.CircuitBreaker.State.CLOSED;
import static dev.resilience.circuitbreaker.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract's annotation lines, end to end: a Spring Boot application with the starter's auto-configuration,
 * properties as a user writes them in application.yml, real proxies, real patterns.
 */
@SpringBootTest(classes = AnnotationContractTests.App.class, properties = {
        "resilience.circuit-breaker.configs.default.sliding-window-size=4",
        "resilience.circuit-breaker.configs.default.minimum-number-of-calls=4",
        "resilience.circuit-breaker.configs.default.wait-duration-in-open-state=1h",
        "resilience.circuit-breaker.instances.opening.sliding-window-size=2",
        "resilience.circuit-breaker.instances.opening.minimum-number-of-calls=2",
        "resilience.retry.configs.default.wait-duration=0ms",
        "resilience.retry.instances.three.max-attempts=3",
        "resilience.bulkhead.instances.single.max-concurrent-calls=1",
        "resilience.thread-pool-bulkhead.instances.pool.core-thread-pool-size=1",
        "resilience.thread-pool-bulkhead.instances.pool.max-thread-pool-size=1",
        "resilience.thread-pool-bulkhead.instances.pool.queue-capacity=1",
        "resilience.rate-limiter.configs.default.limit-refresh-period=1h",
        "resilience.rate-limiter.instances.two.limit-for-period=2",
        "resilience.rate-limiter.instances.per-user.limit-for-period=1",
        "resilience.timeout.instances.fast.timeout-duration=150ms"
})
class AnnotationContractTests {

    @Autowired
    Service service;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void retryAroundAnOpeningBreakerEndsWithTheRejectionWhichTheOuterFallbackReceives() {
        assertThat(service.retriedThroughOpeningBreaker()).isEqualTo("fallback got CallNotPermittedException");
        assertThat(service.attemptsThatReachedTheMethod()).isEqualTo(2);
        assertThat(breakers.find("opening")).get().extracting(b -> b.state()).isEqualTo(OPEN);
    }

    @Test
    void aCircuitBreakerOpensOnItsFailureRateAndRejects() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> service.breakerProtected(true)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> service.breakerProtected(false)).isInstanceOf(CallNotPermittedException.class)
                .hasMessage("CircuitBreaker 'breaker' is OPEN and does not permit further calls")
                .extracting(e -> ((CallNotPermittedException) e).name()).isEqualTo("breaker");
    }

    @Test
    void sameNameIsSameInstanceAndUnknownNamesGetTheDefaultConfig() {
        // Created when the bean was planned at start-up, so its meters exist before the first call.
        assertThat(breakers.find("shared")).get().satisfies(b -> assertThat(b.metrics().bufferedCalls()).isZero());
        service.sharedA();
        service.sharedB();
        assertThat(breakers.find("shared")).get()
                .satisfies(b -> assertThat(b.metrics().bufferedCalls()).isEqualTo(2))
                .satisfies(b -> assertThat(b.config().slidingWindowSize()).isEqualTo(4));
    }

    @Test
    void retryRethrowsTheLastFailureUnchangedCheckedExceptionsIncluded() {
        assertThatThrownBy(() -> service.alwaysFailsChecked()).isExactlyInstanceOf(IOException.class)
                .hasMessage("attempt 3");
    }

    @Test
    void aFullSemaphoreBulkheadRejects() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> service.single(inside, release));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> service.single(new CountDownLatch(1), new CountDownLatch(0)))
                .isInstanceOf(BulkheadFullException.class).hasMessageContaining("'single'");
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done");
    }

    @Test
    void aThreadPoolBulkheadRunsTheMethodOnItsPool() throws Exception {
        assertThat(service.onPool().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .startsWith("resilience-bulkhead-pool-");
    }

    @Test
    void aRateLimitRejectsWithRetryAfter() {
        service.limited();
        service.limited();
        assertThatThrownBy(() -> service.limited()).isInstanceOf(RateLimitExceededException.class)
                .satisfies(e -> assertThat(((RateLimitExceededException) e).retryAfter())
                        .isPositive().isLessThanOrEqualTo(Duration.ofHours(1)));
    }

    @Test
    void aKeyedRateLimitCountsEachKeySeparately() {
        service.perUser("alice");
        service.perUser("bob");
        assertThatThrownBy(() -> service.perUser("alice")).isInstanceOf(RateLimitExceededException.class);
        service.perUser("carol");
    }

    @Test
    void aSynchronousTimeoutInterruptsTheWorker() {
        assertThatThrownBy(() -> service.hangs()).isInstanceOf(TimeoutExceededException.class)
                .hasMessage("Timeout 'fast' of 150ms exceeded");
    }

    @Test
    void anAsynchronousTimeoutCompletesTheFutureExceptionallyWithoutAThread() {
        CompletableFuture<String> never = service.neverCompletes();
        assertThatThrownBy(() -> never.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutExceededException.class);
    }

    @Test
    void monoRetriesByResubscribingAndTheBreakerRecordsTheSignal() {
        StepVerifier.create(service.monoSucceedsOnThirdAttempt()).expectNext("mono 3").verifyComplete();
        assertThat(breakers.find("mono")).get().satisfies(b -> {
            assertThat(b.metrics().failedCalls()).isEqualTo(2);
            assertThat(b.metrics().successfulCalls()).isEqualTo(1);
        });
    }

    @Test
    void innerRejectionsDoNotCountAsFailuresOfTheOuterBreaker() {
        service.limitedInsideBreaker();
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> service.limitedInsideBreaker()).isInstanceOf(RateLimitExceededException.class);
        }
        assertThat(breakers.find("outer")).get().satisfies(b -> {
            assertThat(b.state()).isEqualTo(CLOSED);
            assertThat(b.metrics().failedCalls()).isZero();
        });
    }

    @Test
    void classLevelAnnotationsApplyToPublicMethodsAndMethodLevelWins() {
        assertThatThrownBy(() -> service.classLevel().inherited()).isInstanceOf(IllegalStateException.class);
        assertThat(breakers.find("class-level")).get().satisfies(b -> assertThat(b.metrics().failedCalls()).isEqualTo(1));
        service.classLevel().own();
        assertThat(breakers.find("method-level")).get().satisfies(b -> assertThat(b.metrics().successfulCalls()).isEqualTo(1));
    }

    @SpringBootApplication
    static class App {
        @Bean
        Service service() {
            return new Service(classLevel());
        }

        @Bean
        ClassLevel classLevel() {
            return new ClassLevel();
        }
    }

    public static class Service {
        private final ClassLevel classLevel;
        private final AtomicInteger reached = new AtomicInteger();
        private final AtomicInteger checkedAttempts = new AtomicInteger();
        private final AtomicInteger monoAttempts = new AtomicInteger();
        final List<Throwable> fallbackSaw = new CopyOnWriteArrayList<>();

        public Service(ClassLevel classLevel) {
            this.classLevel = classLevel;
        }

        public ClassLevel classLevel() {
            return classLevel;
        }

        public int attemptsThatReachedTheMethod() {
            return reached.get();
        }

        @Fallback(method = "sawRejection")
        @Retry(name = "three")
        @CircuitBreaker(name = "opening")
        public String retriedThroughOpeningBreaker() {
            reached.incrementAndGet();
            throw new IllegalStateException("downstream failed");
        }

        String sawRejection(CallNotPermittedException e) {
            return "fallback got " + e.getClass().getSimpleName();
        }

        @CircuitBreaker(name = "breaker")
        public String breakerProtected(boolean fail) {
            if (fail) {
                throw new IllegalStateException("failure");
            }
            return "ok";
        }

        @CircuitBreaker(name = "shared")
        public void sharedA() {
        }

        @CircuitBreaker(name = "shared")
        public void sharedB() {
        }

        @Retry(name = "three")
        public String alwaysFailsChecked() throws IOException {
            throw new IOException("attempt " + checkedAttempts.incrementAndGet());
        }

        @Bulkhead(name = "single")
        public String single(CountDownLatch inside, CountDownLatch release) {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "done";
        }

        @Bulkhead(name = "pool", type = Bulkhead.Type.THREAD_POOL)
        public CompletionStage<String> onPool() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }

        @RateLimit(name = "two")
        public void limited() {
        }

        @RateLimit(name = "per-user", key = "#user")
        public void perUser(String user) {
        }

        @Timeout(name = "fast")
        public String hangs() throws InterruptedException {
            new CountDownLatch(1).await();
            return "never";
        }

        @Timeout(name = "fast")
        public CompletableFuture<String> neverCompletes() {
            return new CompletableFuture<>();
        }

        @Retry(name = "three")
        @CircuitBreaker(name = "mono")
        public Mono<String> monoSucceedsOnThirdAttempt() {
            return Mono.fromCallable(() -> {
                int attempt = monoAttempts.incrementAndGet();
                if (attempt < 3) {
                    throw new IllegalStateException("attempt " + attempt);
                }
                return "mono " + attempt;
            });
        }

        @CircuitBreaker(name = "outer")
        @RateLimit(name = "per-user")
        public void limitedInsideBreaker() {
        }
    }

    @CircuitBreaker(name = "class-level")
    public static class ClassLevel {
        public void inherited() {
            throw new IllegalStateException("fails");
        }

        @CircuitBreaker(name = "method-level")
        public void own() {
        }
    }
}
