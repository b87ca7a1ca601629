package dev.resilience.spring.boot.autoconfigure.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.Retry;
import dev.resilience.annotation.Timeout;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceAnnotationsAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.observation.DefaultResilienceCallObservationConvention;
import dev.resilience.spring.boot.observation.ObservationPipelineDecorator;
import dev.resilience.spring.boot.observation.ResilienceCallContext;
import dev.resilience.spring.boot.observation.ResilienceCallObservationConvention;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Observation API support: each protected call of an annotated method is one {@code resilience.call}
 * observation with low-cardinality key values {@code pattern}, {@code name}, {@code method} and
 * {@code outcome}; retries are events; it is off unless switched on.
 */
class ResilienceObservationAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceAnnotationsAutoConfiguration.class, ResilienceObservationAutoConfiguration.class))
            .withUserConfiguration(Observed.Config.class)
            .withPropertyValues("resilience.retry.configs.default.wait-duration=0ms",
                    "resilience.circuit-breaker.instances.closed-for-good.minimum-number-of-calls=1000");

    private final ApplicationContextRunner enabled = runner.withPropertyValues("resilience.observations.enabled=true");

    @Test
    void offByDefault() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(ObservationPipelineDecorator.class);
            context.getBean(Observed.class).succeeds();
            assertThat(registry(context)).doesNotHaveAnyObservation();
        });
    }

    @Test
    void aSuccessfulCall() {
        enabled.run(context -> {
            assertThat(context.getBean(Observed.class).succeeds()).isEqualTo("ok");
            assertThat(registry(context)).hasSingleObservationThat().hasNameEqualTo("resilience.call")
                    .hasContextualNameEqualTo("resilience Observed#succeeds")
                    .hasLowCardinalityKeyValue("pattern", "retry,circuit-breaker")
                    .hasLowCardinalityKeyValue("name", "backend").hasLowCardinalityKeyValue("method", "Observed#succeeds")
                    .hasLowCardinalityKeyValue("outcome", "success").hasHighCardinalityKeyValue("attempts", "1")
                    .doesNotHaveError().hasBeenStarted().hasBeenStopped();
            assertThat(events(context)).isEmpty();
        });
    }

    @Test
    void retriesAreEventsAndCounted() {
        enabled.run(context -> {
            assertThat(context.getBean(Observed.class).succeedsOnTheThirdAttempt()).isEqualTo("third");
            assertThat(registry(context)).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "success")
                    .hasLowCardinalityKeyValue("pattern", "retry").hasLowCardinalityKeyValue("name", "three")
                    .hasHighCardinalityKeyValue("attempts", "3");
            assertThat(events(context)).containsExactly("resilience.retry", "resilience.retry");
        });
    }

    @Test
    void aFailure() {
        enabled.run(context -> {
            assertThatThrownBy(() -> context.getBean(Observed.class).fails()).hasMessage("down");
            assertThat(registry(context)).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "failure")
                    .hasLowCardinalityKeyValue("pattern", "timeout").hasLowCardinalityKeyValue("name", "t").hasError();
        });
    }

    @Test
    void aRejection() {
        enabled.run(context -> {
            context.getBean(CircuitBreakerRegistry.class).get("open").transitionToForcedOpenState();
            assertThatThrownBy(() -> context.getBean(Observed.class).rejected())
                    .isInstanceOf(CallNotPermittedException.class);
            assertThat(registry(context)).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "rejected")
                    .hasLowCardinalityKeyValue("pattern", "circuit-breaker").hasLowCardinalityKeyValue("name", "open")
                    .assertThatError().isInstanceOf(CallNotPermittedException.class);
        });
    }

    @Test
    void aFallbackThatReplacesARejection() {
        enabled.run(context -> {
            context.getBean(CircuitBreakerRegistry.class).get("open").transitionToForcedOpenState();
            assertThat(context.getBean(Observed.class).rejectedThenFallback()).isEqualTo("fallback");
            assertThat(registry(context)).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "fallback")
                    .hasLowCardinalityKeyValue("pattern", "fallback,circuit-breaker")
                    .hasLowCardinalityKeyValue("name", "open").doesNotHaveError();
        });
    }

    @Test
    void aMethodWithAFallbackThatSucceedsIsASuccess() {
        enabled.run(context -> {
            assertThat(context.getBean(Observed.class).fallbackNotNeeded()).isEqualTo("ok");
            assertThat(registry(context)).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "success")
                    .hasLowCardinalityKeyValue("name", "Observed#fallbackNotNeeded");
        });
    }

    @Test
    void asynchronousCallsAreObservedWhenTheirStageCompletes() {
        enabled.run(context -> {
            Observed observed = context.getBean(Observed.class);
            assertThat(observed.asyncRetriedThenFallback().get(10, TimeUnit.SECONDS)).isEqualTo("async fallback");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(registry(context))
                    .hasSingleObservationThat().hasBeenStopped().hasLowCardinalityKeyValue("outcome", "fallback")
                    .hasLowCardinalityKeyValue("pattern", "fallback,retry").hasLowCardinalityKeyValue("name", "three")
                    .hasHighCardinalityKeyValue("attempts", "3"));
            registry(context).clear();

            assertThat(observed.asyncSucceedsOnTheSecondAttempt().get(10, TimeUnit.SECONDS)).isEqualTo("second");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(registry(context))
                    .hasSingleObservationThat().hasBeenStopped().hasLowCardinalityKeyValue("outcome", "success")
                    .hasHighCardinalityKeyValue("attempts", "2"));
        });
    }

    @Test
    void anApplicationConventionReplacesTheDefault() {
        enabled.withBean(ResilienceCallObservationConvention.class, () -> new DefaultResilienceCallObservationConvention() {
            @Override
            public KeyValues getLowCardinalityKeyValues(ResilienceCallContext context) {
                return super.getLowCardinalityKeyValues(context).and("team", "payments");
            }
        }).run(context -> {
            context.getBean(Observed.class).succeeds();
            assertThat(registry(context)).hasSingleObservationThat().hasLowCardinalityKeyValue("team", "payments")
                    .hasLowCardinalityKeyValue("outcome", "success");
        });
    }

    @Test
    void backsOffWithoutAnObservationRegistryBean() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                        ResilienceObservationAutoConfiguration.class))
                .withPropertyValues("resilience.observations.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ObservationPipelineDecorator.class));
    }

    @Test
    void backsOffWithoutTheObservationApi() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                        ResilienceObservationAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
                .withPropertyValues("resilience.observations.enabled=true")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean("resilienceObservationPipelineDecorator"));
    }

    private static TestObservationRegistry registry(AssertableApplicationContext context) {
        return context.getBean(TestObservationRegistry.class);
    }

    @SuppressWarnings("unchecked")
    private static List<String> events(AssertableApplicationContext context) {
        return (List<String>) context.getBean("events");
    }

    /** A bean with annotated methods. */
    public static class Observed {

        private final AtomicInteger attempts = new AtomicInteger();

        @Retry(name = "backend")
        @CircuitBreaker(name = "backend")
        public String succeeds() {
            return "ok";
        }

        @Retry(name = "three")
        public String succeedsOnTheThirdAttempt() {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("attempt " + attempts.get());
            }
            return "third";
        }

        @Timeout(name = "t")
        public String fails() {
            throw new IllegalStateException("down");
        }

        @CircuitBreaker(name = "open")
        public String rejected() {
            return "never";
        }

        @Fallback(method = "fallback")
        @CircuitBreaker(name = "open")
        public String rejectedThenFallback() {
            return "never";
        }

        @Fallback(method = "fallback")
        public String fallbackNotNeeded() {
            return "ok";
        }

        String fallback(Throwable failure) {
            return "fallback";
        }

        @Fallback(method = "asyncFallback")
        @Retry(name = "three")
        public CompletableFuture<String> asyncRetriedThenFallback() {
            return CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException("always");
            });
        }

        CompletableFuture<String> asyncFallback(Throwable failure) {
            return CompletableFuture.completedFuture("async fallback");
        }

        @Retry(name = "three")
        public CompletableFuture<String> asyncSucceedsOnTheSecondAttempt() {
            int attempt = attempts.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> {
                if (attempt < 2) {
                    throw new IllegalStateException("first");
                }
                return "second";
            });
        }

        @Configuration(proxyBeanMethods = false)
        static class Config {

            @Bean
            Observed observed() {
                return new Observed();
            }

            @Bean
            List<String> events() {
                return new CopyOnWriteArrayList<>();
            }

            @Bean
            TestObservationRegistry observationRegistry(List<String> events) {
                TestObservationRegistry registry = TestObservationRegistry.create();
                registry.observationConfig().observationHandler(new ObservationHandler<>() {
                    @Override
                    public void onEvent(Observation.Event event, Observation.Context context) {
                        events.add(event.getName());
                    }

                    @Override
                    public boolean supportsContext(Observation.Context context) {
                        return true;
                    }
                });
                return registry;
            }
        }
    }
}
