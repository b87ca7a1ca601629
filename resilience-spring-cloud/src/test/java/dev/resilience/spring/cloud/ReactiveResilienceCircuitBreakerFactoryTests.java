package dev.resilience.spring.cloud;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker.State;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.timeout.TimeoutExceededException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code ReactiveCircuitBreakerFactory}: {@code Mono} and {@code Flux} through the id's breaker, never blocking. */
class ReactiveResilienceCircuitBreakerFactoryTests {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceSpringCloudAutoConfiguration.class))
            .withPropertyValues("resilience.circuit-breaker.configs.default.sliding-window-size=2",
                    "resilience.circuit-breaker.configs.default.minimum-number-of-calls=2",
                    "resilience.circuit-breaker.configs.default.wait-duration-in-open-state=1h");

    @Test
    void aMonosValuePassesAndIsRecordedWhenSubscribed() {
        runner.run(context -> {
            ReactiveCircuitBreaker breaker = context.getBean(ReactiveCircuitBreakerFactory.class).create("quotes");
            AtomicInteger subscriptions = new AtomicInteger();
            Mono<String> call = breaker.run(Mono.fromSupplier(() -> "live " + subscriptions.incrementAndGet()),
                    failure -> Mono.just("fallback"));
            // Lazy: nothing happens before subscription.
            assertThat(subscriptions).hasValue(0);

            StepVerifier.create(call).expectNext("live 1").expectComplete().verify(LIMIT);
            StepVerifier.create(call).expectNext("live 2").expectComplete().verify(LIMIT);

            assertThat(context.getBean(CircuitBreakerRegistry.class).get("quotes").metrics().successfulCalls())
                    .isEqualTo(2);
        });
    }

    @Test
    void aMonosFailureReachesTheFallbackAndAnEmptyMonoStaysEmpty() {
        runner.run(context -> {
            ReactiveCircuitBreaker breaker = context.getBean(ReactiveCircuitBreakerFactory.class).create("quotes");
            IllegalStateException thrown = new IllegalStateException("down");
            List<Throwable> seen = new CopyOnWriteArrayList<>();

            StepVerifier.create(breaker.run(Mono.<String>error(thrown), failure -> {
                seen.add(failure);
                return Mono.just("fallback");
            })).expectNext("fallback").expectComplete().verify(LIMIT);
            StepVerifier.create(breaker.run(Mono.<String>empty(), failure -> Mono.just("fallback")))
                    .expectComplete().verify(LIMIT);
            ReactiveCircuitBreaker withoutFallback =
                    context.getBean(ReactiveCircuitBreakerFactory.class).create("no-fallback");
            StepVerifier.create(withoutFallback.run(Mono.<String>error(thrown)))
                    .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(NoFallbackAvailableException.class)
                            .hasCause(thrown))
                    .verify(LIMIT);

            assertThat(seen).containsExactly(thrown);
        });
    }

    @Test
    void anOpenBreakerGoesToTheFallbackWithoutSubscribingToTheCall() {
        runner.run(context -> {
            ReactiveCircuitBreaker breaker = context.getBean(ReactiveCircuitBreakerFactory.class).create("quotes");
            for (int i = 0; i < 2; i++) {
                StepVerifier.create(breaker.run(Mono.<String>error(new IllegalStateException("down")),
                        failure -> Mono.just("fallback"))).expectNext("fallback").expectComplete().verify(LIMIT);
            }
            assertThat(context.getBean(CircuitBreakerRegistry.class).get("quotes").state()).isEqualTo(State.OPEN);
            AtomicBoolean subscribed = new AtomicBoolean();
            List<Throwable> seen = new CopyOnWriteArrayList<>();

            StepVerifier.create(breaker.run(Mono.just("live").doOnSubscribe(s -> subscribed.set(true)), failure -> {
                seen.add(failure);
                return Mono.just("fallback");
            })).expectNext("fallback").expectComplete().verify(LIMIT);

            assertThat(subscribed).isFalse();
            assertThat(seen).singleElement().isInstanceOf(CallNotPermittedException.class);
        });
    }

    @Test
    void aFluxStreamsItsElementsAndSucceedsWhenItCompletes() {
        runner.run(context -> {
            ReactiveCircuitBreaker breaker = context.getBean(ReactiveCircuitBreakerFactory.class).create("prices");

            StepVerifier.create(breaker.run(Flux.just(1, 2, 3), failure -> Flux.just(-1)))
                    .expectNext(1, 2, 3).expectComplete().verify(LIMIT);

            assertThat(context.getBean(CircuitBreakerRegistry.class).get("prices").metrics().successfulCalls())
                    .isEqualTo(1);
        });
    }

    @Test
    void aFailingFluxKeepsWhatItEmittedThenTheFallbacksElementsFollow() {
        runner.run(context -> {
            ReactiveCircuitBreaker breaker = context.getBean(ReactiveCircuitBreakerFactory.class).create("prices");
            IllegalStateException thrown = new IllegalStateException("stream broke");
            List<Throwable> seen = new CopyOnWriteArrayList<>();

            StepVerifier.create(breaker.run(Flux.concat(Flux.just(1, 2), Flux.error(thrown)), failure -> {
                seen.add(failure);
                return Flux.just(-1);
            })).expectNext(1, 2, -1).expectComplete().verify(LIMIT);

            assertThat(seen).containsExactly(thrown);
            assertThat(context.getBean(CircuitBreakerRegistry.class).get("prices").metrics().failedCalls())
                    .isEqualTo(1);
        });
    }

    @Test
    void aTimeoutForTheIdEndsAPublisherThatNeverAnswersAndCancelsIt() {
        runner.withPropertyValues("resilience.timeout.instances.stuck.timeout-duration=100ms").run(context -> {
            ReactiveCircuitBreaker breaker = context.getBean(ReactiveCircuitBreakerFactory.class).create("stuck");
            AtomicBoolean monoCancelled = new AtomicBoolean();
            AtomicBoolean fluxCancelled = new AtomicBoolean();
            List<Throwable> seen = new CopyOnWriteArrayList<>();

            StepVerifier.create(breaker.run(Mono.<String>never().doOnCancel(() -> monoCancelled.set(true)),
                    failure -> {
                        seen.add(failure);
                        return Mono.just("fallback");
                    })).expectNext("fallback").expectComplete().verify(LIMIT);
            StepVerifier.create(breaker.run(Flux.<String>never().doOnCancel(() -> fluxCancelled.set(true)),
                    failure -> {
                        seen.add(failure);
                        return Flux.just("fallback");
                    })).expectNext("fallback").expectComplete().verify(LIMIT);

            assertThat(seen).hasSize(2).allMatch(TimeoutExceededException.class::isInstance);
            // The timeout fails the call first, then cancels the publisher, on its own thread.
            await().atMost(LIMIT).untilTrue(monoCancelled);
            await().atMost(LIMIT).untilTrue(fluxCancelled);
        });
    }

    @Test
    void cancellingTheSubscriptionCancelsTheCall() {
        runner.run(context -> {
            ReactiveCircuitBreaker breaker = context.getBean(ReactiveCircuitBreakerFactory.class).create("prices");
            AtomicBoolean cancelled = new AtomicBoolean();

            StepVerifier.create(breaker.run(Flux.<Integer>never().doOnCancel(() -> cancelled.set(true)),
                    failure -> Flux.just(-1))).thenAwait(Duration.ofMillis(10)).thenCancel().verify(LIMIT);

            await().atMost(LIMIT).untilTrue(cancelled);
        });
    }
}
