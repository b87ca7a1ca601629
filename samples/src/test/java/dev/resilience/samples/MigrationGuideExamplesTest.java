package dev.resilience.samples;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import dev.resilience.annotation.Timeout;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.Pipeline;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.registry.RegistryListener;
import dev.resilience.reactor.ResilienceOperator;
import dev.resilience.retry.RetryConfig;
import dev.resilience.timeout.TimeoutExceededException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import dev.resilience.spring.boot.autoconfigure.ResilienceAnnotationsAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceListenersAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResiliencePropertiesCheckAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The code of {@code docs/migrating-from-resilience4j.md}, verbatim between the "guide:" markers, so that the
 * guide's examples keep compiling and doing what it says. The guide's YAML is
 * {@code src/test/resources/migration-guide.yml}, started here with the strict unknown-key check on.
 */
class MigrationGuideExamplesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResiliencePropertiesCheckAutoConfiguration.class,
                    ResilienceAutoConfiguration.class, ResilienceAnnotationsAutoConfiguration.class,
                    ResilienceListenersAutoConfiguration.class));

    @Nested
    class Annotations {

        @Test
        void theAnnotatedServiceRetriesThenFallsBack() {
            runner.withBean(QuoteService.class).withPropertyValues("resilience.retry.instances.quotes.wait-duration=0s")
                    .run(context -> {
                        QuoteService service = context.getBean(QuoteService.class);
                        assertThat(service.quote("ACME")).isEqualTo("cached ACME");
                        assertThat(service.calls()).hasValue(3);
                        assertThat(service.report().get(10, TimeUnit.SECONDS)).isEqualTo("report");
                    });
        }

        @Test
        void aFallbackStillTakingTimeoutExceptionStopsTheStart() {
            runner.withBean(StaleFallbackService.class).run(context -> assertThat(context).getFailure()
                    .rootCause().hasMessageContaining("TimeoutExceededException"));
        }
    }

    // guide: annotations start
    static class QuoteService {

        private final AtomicInteger calls = new AtomicInteger();

        @Retry(name = "quotes")                        // resilience4j: @Retry(name = "quotes", fallbackMethod = ...)
        @CircuitBreaker(name = "quotes")
        @Fallback(method = "cachedQuote")              // one fallback for the whole stack, outermost
        public String quote(String symbol) {
            calls.incrementAndGet();
            throw new IllegalStateException("quote service down");
        }

        private String cachedQuote(String symbol, Exception failure) {
            return "cached " + symbol;
        }

        @RateLimit(name = "reports")                   // resilience4j: @RateLimiter(name = "reports")
        @Timeout(name = "reports")                     // resilience4j: @TimeLimiter(name = "reports")
        @Bulkhead(name = "reports", type = Bulkhead.Type.THREAD_POOL)   // resilience4j: Type.THREADPOOL
        @Fallback(method = "slowReport")
        public CompletableFuture<String> report() {
            return CompletableFuture.completedFuture("report");
        }

        // resilience4j's time limiter fails with java.util.concurrent.TimeoutException; @Timeout with
        // TimeoutExceededException (unchecked). A fallback taking TimeoutException would never be chosen,
        // so the application refuses to start with one.
        private CompletableFuture<String> slowReport(TimeoutExceededException failure) {
            return CompletableFuture.completedFuture("report later");
        }
        // guide: annotations end

        public AtomicInteger calls() {
            return calls;
        }
    }

    static class StaleFallbackService {

        @Timeout(name = "reports")
        @Fallback(method = "slowReport")
        public CompletableFuture<String> report() {
            return CompletableFuture.completedFuture("report");
        }

        CompletableFuture<String> slowReport(java.util.concurrent.TimeoutException failure) {
            return CompletableFuture.completedFuture("never chosen");
        }
    }

    @Nested
    class Properties {

        @Test
        void theGuidesYamlStartsWithTheStrictCheckOnAndMeansWhatItSays() throws IOException {
            var yaml = new YamlPropertySourceLoader().load("migration-guide.yml",
                    new ClassPathResource("migration-guide.yml"));
            runner.withInitializer(context -> yaml.forEach(context.getEnvironment().getPropertySources()::addFirst))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
                        CircuitBreakerConfig backend = breakers.get("backend").config();
                        assertThat(backend.failureRateThreshold()).isEqualTo(50f);
                        assertThat(backend.recordExceptionPredicate())
                                .isInstanceOf(com.example.ServerErrorPredicate.class);
                        assertThat(backend.recordExceptions()).containsExactly(IOException.class);
                        assertThat(context.getBean(dev.resilience.retry.RetryRegistry.class).get("backend")
                                .config().maxAttempts()).isEqualTo(3);
                        assertThat(context.getBean(dev.resilience.timeout.TimeoutRegistry.class).get("backend")
                                .config().timeoutDuration()).isEqualTo(Duration.ofSeconds(2));
                    });
        }

        @Test
        void aResilience4jKeyLeftAsItWasStopsTheStartAndSaysWhatToWrite() {
            runner.withPropertyValues("resilience.retry.instances.backend.max-retry-attempts=3").run(context ->
                    assertThat(context).getFailure()
                            .hasMessageContaining("resilience4j's old name of 'max-attempts'"));
        }
    }

    @Nested
    class DecoratorsToPipeline {

        @Test
        void thePipelineListsWhatDecoratorsWroteLastFirst() {
            List<String> seen = new CopyOnWriteArrayList<>();
            AtomicInteger attempts = new AtomicInteger();
            Supplier<String> backend = () -> {
                attempts.incrementAndGet();
                throw new IllegalStateException("down");
            };

            // guide: pipeline start
            dev.resilience.circuitbreaker.CircuitBreaker circuitBreaker =
                    dev.resilience.circuitbreaker.CircuitBreaker.ofDefaults("backend");
            dev.resilience.retry.Retry retry = dev.resilience.retry.Retry.of("backend",
                    RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ofMillis(10)).build());
            dev.resilience.fallback.Fallback<String> fallback = dev.resilience.fallback.Fallback
                    .<String>builder("backend")
                    .applyOn(IllegalStateException.class, CallNotPermittedException.class)
                    .then((failure, call) -> "cached")
                    .build();

            // resilience4j, written inside out:
            //   Decorators.ofSupplier(backend).withCircuitBreaker(circuitBreaker).withRetry(retry)
            //           .withFallback(List.of(CallNotPermittedException.class), e -> "cached").get();
            // Here, outermost first: the reverse of the withX(...) calls.
            Pipeline pipeline = Pipeline.of(fallback, retry, circuitBreaker);
            String answer = pipeline.executeSupplier(backend);
            // guide: pipeline end

            circuitBreaker.addListener(new CircuitBreakerListener() {
                @Override
                public void onError(dev.resilience.circuitbreaker.CircuitBreaker breaker, long nanos, Throwable e) {
                    seen.add("breaker saw " + e.getMessage());
                }
            });
            assertThat(answer).isEqualTo("cached");
            assertThat(attempts).as("the retry is outside the breaker: every attempt").hasValue(3);
            assertThat(circuitBreaker.metrics().failedCalls()).isEqualTo(3);

            // Written the other way round, the breaker would see one call and the retry would retry the fallback's
            // answer, i.e. never: the order matters.
            Pipeline reversed = Pipeline.of(circuitBreaker, retry, fallback);
            attempts.set(0);
            assertThat(reversed.executeSupplier(backend)).isEqualTo("cached");
            assertThat(attempts).hasValue(1);
            assertThat(seen).isEmpty();
        }
    }

    @Nested
    class Listeners {

        @Test
        void listenersInCodeAndAsBeans() {
            // guide: listeners-code start
            dev.resilience.circuitbreaker.CircuitBreaker circuitBreaker =
                    dev.resilience.circuitbreaker.CircuitBreaker.ofDefaults("backend");
            List<String> log = new CopyOnWriteArrayList<>();

            // resilience4j: circuitBreaker.getEventPublisher().onStateTransition(event -> ...)
            circuitBreaker.addListener(new CircuitBreakerListener() {
                @Override
                public void onStateTransition(dev.resilience.circuitbreaker.CircuitBreaker breaker,
                        dev.resilience.circuitbreaker.CircuitBreaker.State from,
                        dev.resilience.circuitbreaker.CircuitBreaker.State to) {
                    log.add(breaker.name() + ": " + from + " -> " + to);
                }
            });
            // resilience4j: circuitBreaker.getEventPublisher().onEvent(event -> ...)
            circuitBreaker.onEvent(event -> log.add(event.type()));
            // guide: listeners-code end

            circuitBreaker.transitionToOpenState();
            assertThat(log).containsExactly("backend: CLOSED -> OPEN", "STATE_TRANSITION");
        }

        @Test
        void listenerBeansAreAttachedWithoutCode() {
            runner.withUserConfiguration(ListenerBeans.class).run(context -> {
                context.getBean(CircuitBreakerRegistry.class).get("created-later").transitionToOpenState();

                assertThat(context.getBean(ListenerBeans.class).log).containsExactly("new breaker created-later",
                        "created-later: CLOSED -> OPEN", "event circuit-breaker STATE_TRANSITION");
            });
        }
    }

    // guide: listener-beans start
    @Configuration(proxyBeanMethods = false)
    static class ListenerBeans {

        final List<String> log = new CopyOnWriteArrayList<>();

        // resilience4j: a RegistryEventConsumer<CircuitBreaker> bean
        @Bean
        RegistryListener<dev.resilience.circuitbreaker.CircuitBreaker> newBreakers() {
            return new RegistryListener<>() {
                @Override
                public void onAdded(dev.resilience.circuitbreaker.CircuitBreaker breaker) {
                    log.add("new breaker " + breaker.name());
                }
            };
        }

        // Every breaker of the registry, now and created later.
        @Bean
        CircuitBreakerListener transitions() {
            return new CircuitBreakerListener() {
                @Override
                public void onStateTransition(dev.resilience.circuitbreaker.CircuitBreaker breaker,
                        dev.resilience.circuitbreaker.CircuitBreaker.State from,
                        dev.resilience.circuitbreaker.CircuitBreaker.State to) {
                    log.add(breaker.name() + ": " + from + " -> " + to);
                }
            };
        }

        // Every event of every pattern, fallbacks of annotated methods included.
        @Bean
        EventConsumer allEvents() {
            return event -> log.add("event " + event.pattern() + " " + event.type());
        }
    }
    // guide: listener-beans end

    @Nested
    class Reactor {

        @Test
        void operators() {
            dev.resilience.circuitbreaker.CircuitBreaker circuitBreaker =
                    dev.resilience.circuitbreaker.CircuitBreaker.ofDefaults("backend");
            dev.resilience.retry.Retry retry = dev.resilience.retry.Retry.of("backend",
                    RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ZERO).build());
            AtomicInteger subscriptions = new AtomicInteger();
            Mono<String> quoteFromTheWire = Mono.defer(() -> subscriptions.incrementAndGet() < 3
                    ? Mono.error(new IllegalStateException("flaky")) : Mono.just("quote"));
            Flux<Integer> priceFeed = Flux.just(1, 2, 3);

            // guide: reactor start
            // resilience4j: mono.transformDeferred(RetryOperator.of(retry))
            //                   .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))   (inner first)
            Mono<String> quote = quoteFromTheWire
                    .transformDeferred(ResilienceOperator.of(Pipeline.of(retry, circuitBreaker)));
            Flux<Integer> prices = priceFeed
                    .transformDeferred(ResilienceOperator.of(circuitBreaker));
            // guide: reactor end

            StepVerifier.create(quote).expectNext("quote").verifyComplete();
            assertThat(subscriptions).as("each retry subscribes again").hasValue(3);
            StepVerifier.create(prices).expectNext(1, 2, 3).verifyComplete();
            assertThat(circuitBreaker.metrics().failedCalls()).isEqualTo(2);
            assertThat(circuitBreaker.metrics().successfulCalls()).isEqualTo(2);
        }
    }

    @Test
    void exceptions() {
        dev.resilience.circuitbreaker.CircuitBreaker circuitBreaker =
                dev.resilience.circuitbreaker.CircuitBreaker.ofDefaults("backend");
        circuitBreaker.transitionToForcedOpenState();
        assertThatThrownBy(() -> circuitBreaker.executeSupplier(() -> "x"))
                .isInstanceOf(CallNotPermittedException.class)
                .isInstanceOf(dev.resilience.core.ResilienceException.class)
                .hasMessage("CircuitBreaker 'backend' is FORCED_OPEN and does not permit further calls");
    }
}
