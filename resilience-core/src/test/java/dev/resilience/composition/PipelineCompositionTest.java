package dev.resilience.composition;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.core.Pipeline;
import dev.resilience.fallback.Fallback;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutExceededException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Patterns stacked with {@link Pipeline}, outermost first, as the annotations stack them. */
class PipelineCompositionTest {

    private final Retry retry = Retry.of("retry", RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ZERO).build());
    private final Timeout timeout = Timeout.of("timeout",
            TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(200)).build());

    @Nested
    class RetryAroundCircuitBreaker {

        private final CircuitBreaker breaker = CircuitBreaker.of("backend", CircuitBreakerConfig.builder()
                .slidingWindowSize(2).minimumNumberOfCalls(2).failureRateThreshold(50).build());

        @Test
        void theLastAttemptIsRejectedOnceTheBreakerOpensAndAnOuterFallbackReceivesTheRejection() throws Throwable {
            List<Throwable> seen = new CopyOnWriteArrayList<>();
            AtomicInteger reached = new AtomicInteger();
            Fallback<String> fallback = Fallback.ofFunction(failure -> {
                seen.add(failure);
                return "fallback";
            });
            Pipeline pipeline = Pipeline.of(fallback, retry, breaker);

            String result = pipeline.execute(() -> {
                reached.incrementAndGet();
                throw new IllegalStateException("down");
            });

            assertThat(result).isEqualTo("fallback");
            assertThat(reached).as("attempts that reached the call").hasValue(2);
            assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(seen).singleElement().isInstanceOf(CallNotPermittedException.class)
                    .extracting(Throwable::getMessage)
                    .isEqualTo("CircuitBreaker 'backend' is OPEN and does not permit further calls");
        }

        @Test
        void withoutAFallbackTheCallerGetsTheRejection() {
            Pipeline pipeline = Pipeline.of(retry, breaker);
            assertThatThrownBy(() -> pipeline.execute(() -> {
                throw new IllegalStateException("down");
            })).isInstanceOf(CallNotPermittedException.class);
        }

        @Test
        void asynchronouslyTheSame() throws Exception {
            Pipeline pipeline = Pipeline.of(retry, breaker);
            CompletionStage<String> stage = pipeline.executeAsync(
                    () -> CompletableFuture.failedFuture(new IllegalStateException("down")));
            assertThatThrownBy(() -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(CallNotPermittedException.class);
        }
    }

    @Nested
    class TimeoutInsideRetry {

        @Test
        void eachAttemptGetsItsOwnTimeout() throws Throwable {
            List<Boolean> interrupted = new CopyOnWriteArrayList<>();
            AtomicInteger attempts = new AtomicInteger();
            Pipeline pipeline = Pipeline.of(retry, timeout);

            String result = pipeline.execute(() -> {
                if (attempts.incrementAndGet() < 3) {
                    try {
                        new CountDownLatch(1).await(); // hangs until the timeout interrupts it
                    } catch (InterruptedException e) {
                        interrupted.add(true);
                        throw e;
                    }
                }
                return "attempt " + attempts.get();
            });

            assertThat(result).isEqualTo("attempt 3");
            assertThat(interrupted).containsExactly(true, true);
        }

        @Test
        void whenEveryAttemptTimesOutTheLastTimeoutIsThrown() {
            Pipeline pipeline = Pipeline.of(retry, timeout);
            AtomicInteger attempts = new AtomicInteger();
            assertThatThrownBy(() -> pipeline.execute(() -> {
                attempts.incrementAndGet();
                new CountDownLatch(1).await();
                return "never";
            })).isInstanceOf(TimeoutExceededException.class).hasMessage("Timeout 'timeout' of 200ms exceeded");
            assertThat(attempts).hasValue(3);
        }

        @Test
        void asynchronouslyEachAttemptGetsItsOwnTimeoutToo() throws Exception {
            AtomicInteger attempts = new AtomicInteger();
            Pipeline pipeline = Pipeline.of(retry, timeout);
            CompletionStage<String> stage = pipeline.executeAsync(() -> attempts.incrementAndGet() < 3
                    ? new CompletableFuture<>() // never completes: only the timeout ends it
                    : CompletableFuture.completedFuture("attempt " + attempts.get()));
            assertThat(stage.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("attempt 3");
        }
    }

    @Nested
    class FallbackOutermost {

        @Test
        void seesOnlyTheFinalOutcome() throws Throwable {
            List<Throwable> seen = new CopyOnWriteArrayList<>();
            Fallback<String> fallback = Fallback.ofFunction(failure -> {
                seen.add(failure);
                return "fallback";
            });
            AtomicInteger attempts = new AtomicInteger();
            Pipeline pipeline = Pipeline.of(fallback, retry);

            String result = pipeline.execute(() -> {
                throw new IllegalStateException("attempt " + attempts.incrementAndGet());
            });

            assertThat(result).isEqualTo("fallback");
            assertThat(attempts).hasValue(3);
            assertThat(seen).singleElement().extracting(Throwable::getMessage).isEqualTo("attempt 3");
        }

        @Test
        void isNotCalledWhenARetrySucceeds() throws Throwable {
            AtomicInteger fallbacks = new AtomicInteger();
            Fallback<String> fallback = Fallback.ofSupplier(() -> "fallback " + fallbacks.incrementAndGet());
            AtomicInteger attempts = new AtomicInteger();
            String result = Pipeline.of(fallback, retry).execute(() -> {
                if (attempts.incrementAndGet() < 2) {
                    throw new IllegalStateException("first");
                }
                return "ok";
            });
            assertThat(result).isEqualTo("ok");
            assertThat(fallbacks).hasValue(0);
        }
    }

    @Nested
    class BulkheadInsideTimeout {

        @Test
        void aFullBulkheadRejectsAtOnceAndThePermitComesBackAfterATimeout() throws Throwable {
            Bulkhead bulkhead = Bulkhead.of("bulkhead", BulkheadConfig.builder().maxConcurrentCalls(1).build());
            Pipeline pipeline = Pipeline.of(timeout, bulkhead);
            CountDownLatch inside = new CountDownLatch(1);
            CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> {
                try {
                    pipeline.execute(() -> {
                        inside.countDown();
                        new CountDownLatch(1).await();
                        return null;
                    });
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> pipeline.execute(() -> "second")).isInstanceOf(BulkheadFullException.class);
            assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(TimeoutExceededException.class);
            // The interrupted worker gives its permit back after the caller has seen the timeout.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> bulkhead.metrics().availableConcurrentCalls() == 1);
            assertThat(pipeline.execute(() -> "after")).isEqualTo("after");
        }
    }
}
