package dev.resilience.reactor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.core.Pipeline;
import dev.resilience.fallback.Fallback;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutExceededException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code mono.transformDeferred(ResilienceOperator.of(policy))} and the same for {@code Flux}: each pattern
 * on both, retries resubscribing, outcomes recorded on the terminal signal, a {@code Flux} streaming with
 * backpressure, and cancellation giving permits back.
 */
class ResilienceOperatorTest {

    private static final Duration VERIFY = Duration.ofSeconds(10);

    private final CircuitBreaker breaker = CircuitBreaker.of("backend", CircuitBreakerConfig.builder()
            .slidingWindowSize(2).minimumNumberOfCalls(2).failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofHours(1)).build());

    private final Retry retry = Retry.of("backend", RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ZERO)
            .build());

    private final Bulkhead bulkhead = Bulkhead.of("backend", BulkheadConfig.builder().maxConcurrentCalls(1).build());

    private final RateLimiter rateLimiter = RateLimiter.of("backend", RateLimiterConfig.builder().limitForPeriod(1)
            .limitRefreshPeriod(Duration.ofHours(1)).build());

    private final Timeout timeout = Timeout.of("backend", TimeoutConfig.builder()
            .timeoutDuration(Duration.ofMillis(50)).build());

    @Nested
    class Monos {

        @Test
        void anAsynchronousOnlyPolicyRunsTheMonoOnItsOwnThreads() {
            try (dev.resilience.bulkhead.ThreadPoolBulkhead pool =
                    dev.resilience.bulkhead.ThreadPoolBulkhead.ofDefaults("reports")) {
                Mono<String> onPool = Mono.fromCallable(() -> Thread.currentThread().getName())
                        .transformDeferred(ResilienceOperator.of(pool));
                StepVerifier.create(onPool)
                        .assertNext(thread -> assertThat(thread).startsWith("resilience-bulkhead-reports-"))
                        .verifyComplete();
            }
        }

        @Test
        void nothingHappensUntilSubscription() {
            AtomicInteger subscriptions = new AtomicInteger();
            Mono<String> protectedMono = Mono.fromCallable(() -> "v" + subscriptions.incrementAndGet())
                    .transformDeferred(ResilienceOperator.of(breaker));

            assertThat(subscriptions).hasValue(0);
            StepVerifier.create(protectedMono).expectNext("v1").verifyComplete();
            StepVerifier.create(protectedMono).expectNext("v2").verifyComplete();
            assertThat(breaker.metrics().successfulCalls()).isEqualTo(2);
        }

        @Test
        void aRetryResubscribesToTheSource() {
            AtomicInteger subscriptions = new AtomicInteger();
            Mono<String> flaky = Mono.defer(() -> subscriptions.incrementAndGet() < 3
                    ? Mono.error(new IllegalStateException("attempt " + subscriptions.get()))
                    : Mono.just("third time lucky"));

            StepVerifier.create(flaky.transformDeferred(ResilienceOperator.of(retry)))
                    .expectNext("third time lucky").expectComplete().verify(VERIFY);

            assertThat(subscriptions).hasValue(3);
            assertThat(retry.metrics().successfulCallsWithRetry()).isEqualTo(1);
        }

        @Test
        void onceAttemptsAreUsedUpTheLastFailureArrivesUnchanged() {
            IllegalStateException last = new IllegalStateException("still down");
            AtomicInteger subscriptions = new AtomicInteger();
            Mono<String> down = Mono.defer(() -> {
                subscriptions.incrementAndGet();
                return Mono.error(last);
            });

            StepVerifier.create(down.transformDeferred(ResilienceOperator.of(retry)))
                    .expectErrorSatisfies(error -> assertThat(error).isSameAs(last)).verify(VERIFY);
            assertThat(subscriptions).hasValue(3);
        }

        @Test
        void theBreakerRecordsTheOutcomeOnTheTerminalSignal() {
            Sinks.One<String> answer = Sinks.one();

            StepVerifier.create(answer.asMono().transformDeferred(ResilienceOperator.of(breaker)))
                    .then(() -> assertThat(breaker.metrics().bufferedCalls()).as("still running").isZero())
                    .then(() -> answer.tryEmitError(new IllegalStateException("boom")))
                    .expectErrorMessage("boom").verify(VERIFY);

            assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
        }

        @Test
        void anOpenBreakerRejectsWithoutSubscribingToTheSource() {
            breaker.transitionToOpenState();
            AtomicBoolean subscribed = new AtomicBoolean();

            StepVerifier.create(Mono.fromCallable(() -> subscribed.getAndSet(true))
                            .transformDeferred(ResilienceOperator.of(breaker)))
                    .expectError(CallNotPermittedException.class).verify(VERIFY);
            assertThat(subscribed).isFalse();
        }

        @Test
        void anEmptyMonoIsASuccess() {
            StepVerifier.create(Mono.<String>empty().transformDeferred(ResilienceOperator.of(breaker)))
                    .verifyComplete();
            assertThat(breaker.metrics().successfulCalls()).isEqualTo(1);
        }

        @Test
        void theBulkheadHoldsItsPermitUntilTheMonoEnds() {
            Sinks.One<String> slow = Sinks.one();
            Mono<String> first = slow.asMono().transformDeferred(ResilienceOperator.of(bulkhead));

            StepVerifier.create(first)
                    .then(() -> {
                        assertThat(bulkhead.metrics().availableConcurrentCalls()).isZero();
                        StepVerifier.create(Mono.just("second").transformDeferred(ResilienceOperator.of(bulkhead)))
                                .expectError(BulkheadFullException.class).verify(VERIFY);
                        slow.tryEmitValue("first");
                    })
                    .expectNext("first").expectComplete().verify(VERIFY);
            assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
        }

        @Test
        void cancellingGivesTheBulkheadPermitBackAndCancelsTheSource() {
            AtomicBoolean sourceCancelled = new AtomicBoolean();
            Mono<String> never = Mono.<String>never().doOnCancel(() -> sourceCancelled.set(true));

            StepVerifier.create(never.transformDeferred(ResilienceOperator.of(bulkhead)))
                    .then(() -> assertThat(bulkhead.metrics().availableConcurrentCalls()).isZero())
                    .thenCancel().verify(VERIFY);

            assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
            assertThat(sourceCancelled).isTrue();
        }

        @Test
        void aRateLimiterRejectsOnceItsLimitIsUsed() {
            AtomicInteger subscriptions = new AtomicInteger();
            Mono<Integer> call = Mono.fromCallable(subscriptions::incrementAndGet)
                    .transformDeferred(ResilienceOperator.of(rateLimiter));

            StepVerifier.create(call).expectNext(1).verifyComplete();
            StepVerifier.create(call).expectError(RateLimitExceededException.class).verify(VERIFY);
            assertThat(subscriptions).hasValue(1);
        }

        @Test
        void aTimeoutEndsAMonoThatTakesTooLongAndCancelsIt() {
            AtomicBoolean sourceCancelled = new AtomicBoolean();

            StepVerifier.create(Mono.<String>never().doOnCancel(() -> sourceCancelled.set(true))
                            .transformDeferred(ResilienceOperator.of(timeout)))
                    .expectError(TimeoutExceededException.class).verify(VERIFY);
            await().untilTrue(sourceCancelled);
        }

        @Test
        void aPipelineRunsEveryAttemptThroughTheBreaker() {
            AtomicInteger subscriptions = new AtomicInteger();
            Mono<String> down = Mono.defer(() -> {
                subscriptions.incrementAndGet();
                return Mono.error(new IllegalStateException("down"));
            });

            StepVerifier.create(down.transformDeferred(ResilienceOperator.of(Pipeline.of(retry, breaker))))
                    .expectError().verify(VERIFY);

            assertThat(breaker.metrics().failedCalls()).as("two attempts opened it").isEqualTo(2);
            assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(subscriptions).as("the third attempt was rejected by the open breaker").hasValue(2);
        }

        @Test
        void aFallbackInThePipelineReplacesTheFailure() {
            StepVerifier.create(Mono.<String>error(new IllegalStateException("down"))
                            .transformDeferred(ResilienceOperator.of(Pipeline.of(Fallback.of("cached"), breaker))))
                    .expectNext("cached").verifyComplete();
        }

        @Test
        void theSubscribersContextReachesTheSource() {
            Mono<String> readsContext = Mono.deferContextual(context -> Mono.just(context.get("tenant")));

            StepVerifier.create(readsContext.transformDeferred(ResilienceOperator.of(Pipeline.of(retry, breaker)))
                            .contextWrite(context -> context.put("tenant", "acme")))
                    .expectNext("acme").verifyComplete();
        }
    }

    @Nested
    class Fluxes {

        @Test
        void aFluxKeepsStreamingAndTheOutcomeIsRecordedWhenItEnds() {
            TestPublisher<String> feed = TestPublisher.create();

            StepVerifier.create(feed.flux().transformDeferred(ResilienceOperator.of(breaker)))
                    .then(() -> feed.next("a"))
                    .expectNext("a")
                    .then(() -> feed.next("b"))
                    .expectNext("b")
                    .then(() -> assertThat(breaker.metrics().bufferedCalls()).as("still streaming").isZero())
                    .then(feed::complete)
                    .expectComplete().verify(VERIFY);

            assertThat(breaker.metrics().successfulCalls()).isEqualTo(1);
        }

        @Test
        void aFailingFluxIsOneFailureOfTheBreaker() {
            StepVerifier.create(Flux.concat(Flux.just("a"), Flux.error(new IllegalStateException("mid-stream")))
                            .transformDeferred(ResilienceOperator.of(breaker)))
                    .expectNext("a").expectErrorMessage("mid-stream").verify(VERIFY);

            assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
        }

        @Test
        void aRetryResubscribesAndReEmitsWhatTheFailedAttemptHadEmitted() {
            AtomicInteger subscriptions = new AtomicInteger();
            Flux<String> flaky = Flux.defer(() -> subscriptions.incrementAndGet() == 1
                    ? Flux.concat(Flux.just("a"), Flux.error(new IllegalStateException("dropped")))
                    : Flux.just("a", "b"));

            StepVerifier.create(flaky.transformDeferred(ResilienceOperator.of(retry)))
                    .expectNext("a", "a", "b").expectComplete().verify(VERIFY);
            assertThat(subscriptions).hasValue(2);
        }

        @Test
        void theSubscribersDemandReachesTheSource() {
            List<Long> requested = new CopyOnWriteArrayList<>();
            Flux<Integer> numbers = Flux.range(1, 100).doOnRequest(requested::add);

            StepVerifier.create(numbers.transformDeferred(ResilienceOperator.of(breaker)), 2)
                    .expectNext(1, 2)
                    .thenRequest(3)
                    .expectNext(3, 4, 5)
                    .thenCancel().verify(VERIFY);

            assertThat(requested).containsExactly(2L, 3L);
        }

        @Test
        void theBulkheadHoldsItsPermitWhileTheFluxStreamsAndCancellingGivesItBack() {
            AtomicBoolean sourceCancelled = new AtomicBoolean();
            // Three elements, then open without end: no element arrives while the check below runs (an interval
            // would keep ticking, and StepVerifier cancels the stream on an element the script does not expect
            // there, which gave the permit back before the second call and made this test flaky).
            Flux<Long> endless = Flux.just(1L, 2L, 3L).concatWith(Flux.never())
                    .doOnCancel(() -> sourceCancelled.set(true));

            StepVerifier.create(endless.transformDeferred(ResilienceOperator.of(bulkhead)))
                    .expectNextCount(3)
                    .then(() -> {
                        assertThat(bulkhead.metrics().availableConcurrentCalls()).isZero();
                        StepVerifier.create(Flux.just(1L).transformDeferred(ResilienceOperator.of(bulkhead)))
                                .expectError(BulkheadFullException.class).verify(VERIFY);
                    })
                    .thenCancel().verify(VERIFY);

            assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
            assertThat(sourceCancelled).isTrue();
        }

        /**
         * Regression: a subscriber that cancels while the pipeline is still starting (the source emits at once,
         * on the subscribing thread) used to cancel the attempt before the pipeline's stage was known, so the
         * breaker recorded the abandoned call as a failure.
         */
        @Test
        void cancellingWhileThePipelineStartsRecordsNothingInTheBreaker() {
            Flux<Long> eager = Flux.just(1L, 2L).concatWith(Flux.never());

            StepVerifier.create(eager.transformDeferred(ResilienceOperator.of(Pipeline.of(retry, breaker,
                            bulkhead))))
                    .expectNextCount(2).thenCancel().verify(VERIFY);

            assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
            assertThat(breaker.metrics().bufferedCalls()).as("an abandoned call is no outcome").isZero();
        }

        @Test
        void cancellingUnderAPipelineReleasesTheBulkheadAndRecordsNothingInTheBreaker() {
            Flux<Long> endless = Flux.interval(Duration.ofMillis(1));

            StepVerifier.create(endless.transformDeferred(ResilienceOperator.of(Pipeline.of(retry, breaker,
                            bulkhead))))
                    .expectNextCount(2).thenCancel().verify(VERIFY);

            assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
            assertThat(breaker.metrics().bufferedCalls()).isZero();
            assertThat(retry.metrics().failedCallsWithoutRetry() + retry.metrics().failedCallsWithRetry())
                    .as("a cancelled call is not retried").isLessThanOrEqualTo(1);
        }

        @Test
        void aRateLimiterRejectsAWholeFlux() {
            StepVerifier.create(Flux.just(1, 2).transformDeferred(ResilienceOperator.of(rateLimiter)))
                    .expectNext(1, 2).verifyComplete();
            StepVerifier.create(Flux.just(3).transformDeferred(ResilienceOperator.of(rateLimiter)))
                    .expectError(RateLimitExceededException.class).verify(VERIFY);
        }

        @Test
        void aTimeoutBoundsTheWholeFlux() {
            AtomicBoolean sourceCancelled = new AtomicBoolean();
            Flux<Long> tooLong = Flux.concat(Flux.just(0L), Flux.<Long>never())
                    .doOnCancel(() -> sourceCancelled.set(true));

            StepVerifier.create(tooLong.transformDeferred(ResilienceOperator.of(timeout)))
                    .expectNext(0L).expectError(TimeoutExceededException.class).verify(VERIFY);
            await().untilTrue(sourceCancelled);
        }

        @Test
        void anyPublisherIsTreatedAsAFlux() {
            StepVerifier.create(Flux.from(ResilienceOperator.<Integer>of(breaker).apply(subscriber ->
                            Flux.just(1, 2).subscribe(subscriber))))
                    .expectNext(1, 2).verifyComplete();
        }

        @Test
        void aFallbacksValueIsTheLastElement() {
            StepVerifier.create(Flux.concat(Flux.just("live"), Flux.<String>error(new IllegalStateException("cut")))
                            .transformDeferred(ResilienceOperator.of(Fallback.of("cached"))))
                    .expectNext("live", "cached").verifyComplete();
        }
    }
}
