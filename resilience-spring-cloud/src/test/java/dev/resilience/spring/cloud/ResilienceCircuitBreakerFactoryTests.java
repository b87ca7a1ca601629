package dev.resilience.spring.cloud;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutExceededException;
import dev.resilience.timeout.TimeoutRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code CircuitBreakerFactory} contract as Spring Cloud's consumers rely on it, over the registries and
 * properties of the starter: every id is the registry's breaker of that name, with a timeout and a bulkhead
 * where configured.
 */
class ResilienceCircuitBreakerFactoryTests {

    /** Two failures in a window of two open a breaker, which then stays open for the test. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceSpringCloudAutoConfiguration.class))
            .withPropertyValues("resilience.circuit-breaker.configs.default.sliding-window-size=2",
                    "resilience.circuit-breaker.configs.default.minimum-number-of-calls=2",
                    "resilience.circuit-breaker.configs.default.wait-duration-in-open-state=1h");

    @Test
    void runReturnsTheValueThroughTheRegistrysBreakerOfThatName() {
        runner.run(context -> {
            CircuitBreakerFactory<?, ?> factory = context.getBean(CircuitBreakerFactory.class);
            assertThat(factory).isInstanceOf(ResilienceCircuitBreakerFactory.class);

            String answer = factory.create("backend").run(() -> "live", failure -> "fallback");

            assertThat(answer).isEqualTo("live");
            dev.resilience.circuitbreaker.CircuitBreaker breaker =
                    context.getBean(CircuitBreakerRegistry.class).find("backend").orElseThrow();
            assertThat(breaker.metrics().successfulCalls()).isEqualTo(1);
        });
    }

    @Test
    void theFallbackReceivesTheCallsOwnFailure() {
        runner.run(context -> {
            IllegalStateException thrown = new IllegalStateException("downstream down");
            List<Throwable> seen = new CopyOnWriteArrayList<>();

            String answer = context.getBean(CircuitBreakerFactory.class).create("backend").run(() -> {
                throw thrown;
            }, failure -> {
                seen.add(failure);
                return "fallback";
            });

            assertThat(answer).isEqualTo("fallback");
            assertThat(seen).containsExactly(thrown);
            assertThat(context.getBean(CircuitBreakerRegistry.class).get("backend").metrics().failedCalls())
                    .isEqualTo(1);
        });
    }

    @Test
    void anOpenBreakerGoesStraightToTheFallbackWithoutCallingTheSupplier() {
        runner.run(context -> {
            CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).create("backend");
            for (int i = 0; i < 2; i++) {
                breaker.run(() -> {
                    throw new IllegalStateException("down");
                }, failure -> "fallback");
            }
            assertThat(context.getBean(CircuitBreakerRegistry.class).get("backend").state())
                    .isEqualTo(dev.resilience.circuitbreaker.CircuitBreaker.State.OPEN);
            AtomicInteger calls = new AtomicInteger();
            List<Throwable> seen = new CopyOnWriteArrayList<>();

            String answer = breaker.run(() -> "live " + calls.incrementAndGet(), failure -> {
                seen.add(failure);
                return "fallback";
            });

            assertThat(answer).isEqualTo("fallback");
            assertThat(calls).hasValue(0);
            assertThat(seen).singleElement(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                    .isInstanceOf(CallNotPermittedException.class).hasMessage("CircuitBreaker 'backend' is OPEN and does not permit further calls");
        });
    }

    @Test
    void withoutAFallbackTheFailureIsWrappedAsSpringCloudSays() {
        runner.run(context -> {
            IllegalStateException thrown = new IllegalStateException("down");
            CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).create("backend");

            assertThatThrownBy(() -> breaker.run(() -> {
                throw thrown;
            })).isInstanceOf(NoFallbackAvailableException.class).hasCause(thrown);
        });
    }

    @Test
    void theSameIdIsTheSameBreakerAndSharesStateWithTheAnnotationsOfThatName() {
        runner.run(context -> {
            CircuitBreakerFactory<?, ?> factory = context.getBean(CircuitBreakerFactory.class);
            assertThat(factory.create("backend")).isSameAs(factory.create("backend"));
            context.getBean(CircuitBreakerRegistry.class).get("backend").transitionToForcedOpenState();

            assertThat(factory.create("backend").run(() -> "live", failure -> failure.getClass().getSimpleName()))
                    .isEqualTo("CallNotPermittedException");
        });
    }

    @Test
    void instancePropertiesConfigureTheBreakerOfTheirId() {
        runner.withPropertyValues("resilience.circuit-breaker.instances.payments.sliding-window-size=7",
                "resilience.circuit-breaker.instances.payments.minimum-number-of-calls=7").run(context -> {
                    context.getBean(CircuitBreakerFactory.class).create("payments").run(() -> "ok");

                    assertThat(context.getBean(CircuitBreakerRegistry.class).get("payments").config()
                            .slidingWindowSize()).isEqualTo(7);
                });
    }

    @Test
    void aGroupNamesTheSharedConfigOfIdsWithoutTheirOwn() {
        runner.withPropertyValues("resilience.circuit-breaker.configs.payment-clients.sliding-window-size=9",
                "resilience.circuit-breaker.configs.payment-clients.minimum-number-of-calls=9",
                "resilience.circuit-breaker.instances.refunds.sliding-window-size=3",
                "resilience.circuit-breaker.instances.refunds.minimum-number-of-calls=3").run(context -> {
                    CircuitBreakerFactory<?, ?> factory = context.getBean(CircuitBreakerFactory.class);
                    factory.create("charges", "payment-clients").run(() -> "ok");
                    factory.create("refunds", "payment-clients").run(() -> "ok");
                    factory.create("others", "no-such-config").run(() -> "ok");

                    CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
                    assertThat(registry.get("charges").config().slidingWindowSize()).isEqualTo(9);
                    assertThat(registry.get("refunds").config().slidingWindowSize()).isEqualTo(3);
                    assertThat(registry.get("others").config().slidingWindowSize()).isEqualTo(2);
                });
    }

    @Nested
    class Timeouts {

        @Test
        void aTimeoutConfiguredForTheIdBoundsTheCallAndTheFallbackGetsTheTimeout() {
            runner.withPropertyValues("resilience.timeout.instances.slow.timeout-duration=100ms").run(context -> {
                CountDownLatch never = new CountDownLatch(1);
                List<Throwable> seen = new CopyOnWriteArrayList<>();

                String answer = context.getBean(CircuitBreakerFactory.class).create("slow").run(() -> {
                    awaitUninterruptibly(never, Duration.ofSeconds(30));
                    return "late";
                }, failure -> {
                    seen.add(failure);
                    return "fallback";
                });

                assertThat(answer).isEqualTo("fallback");
                assertThat(seen).singleElement().isInstanceOf(TimeoutExceededException.class);
                // Inside the breaker: the timeout is a failure of the id's breaker.
                assertThat(context.getBean(CircuitBreakerRegistry.class).get("slow").metrics().failedCalls())
                        .isEqualTo(1);
            });
        }

        @Test
        void idsWithoutTimeoutPropertiesGetNoTimeoutUnlessEveryIdShould() {
            runner.run(context -> {
                context.getBean(CircuitBreakerFactory.class).create("plain").run(() -> "ok");
                assertThat(context.getBean(TimeoutRegistry.class).find("plain")).isEmpty();
                assertThat(context.getBean(BulkheadRegistry.class).find("plain")).isEmpty();
            });
            runner.withPropertyValues("resilience.spring-cloud.timeouts=all", "resilience.spring-cloud.bulkheads=all")
                    .run(context -> {
                        context.getBean(CircuitBreakerFactory.class).create("plain").run(() -> "ok");
                        assertThat(context.getBean(TimeoutRegistry.class).find("plain")).isPresent();
                        assertThat(context.getBean(BulkheadRegistry.class).find("plain")).isPresent();
                    });
            runner.withPropertyValues("resilience.timeout.instances.plain.timeout-duration=5s",
                    "resilience.spring-cloud.timeouts=none").run(context -> {
                        context.getBean(CircuitBreakerFactory.class).create("plain").run(() -> "ok");
                        assertThat(context.getBean(TimeoutRegistry.class).find("plain")).isEmpty();
                    });
        }

        @Test
        void aCustomizerBeanConfiguresAnIdInCode() {
            runner.withUserConfiguration(TimeoutInCode.class).run(context -> {
                List<Throwable> seen = new CopyOnWriteArrayList<>();
                CountDownLatch never = new CountDownLatch(1);

                context.getBean(CircuitBreakerFactory.class).create("coded").run(() -> {
                    awaitUninterruptibly(never, Duration.ofSeconds(30));
                    return "late";
                }, failure -> {
                    seen.add(failure);
                    return "fallback";
                });

                assertThat(seen).singleElement().isInstanceOf(TimeoutExceededException.class);
                assertThat(context.getBean(TimeoutRegistry.class).get("coded").config().timeoutDuration())
                        .isEqualTo(Duration.ofMillis(50));
                // The breaker customizer ran once, on the breaker the factory built.
                assertThat(context.getBean(TimeoutInCode.class).customized).containsExactly("coded");
                context.getBean(CircuitBreakerFactory.class).create("coded");
                assertThat(context.getBean(TimeoutInCode.class).customized).containsExactly("coded");
            });
        }
    }

    @Test
    void aBulkheadConfiguredForTheIdRejectsCallsBeyondItsLimit() {
        runner.withPropertyValues("resilience.bulkhead.instances.pool.max-concurrent-calls=1").run(context -> {
            CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).create("pool");
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> breaker.run(() -> {
                entered.countDown();
                awaitUninterruptibly(release, Duration.ofSeconds(30));
                return "first";
            }, failure -> "first failed: " + failure));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            List<Throwable> seen = new CopyOnWriteArrayList<>();

            String second = breaker.run(() -> "second", failure -> {
                seen.add(failure);
                return "rejected";
            });

            release.countDown();
            assertThat(second).isEqualTo("rejected");
            assertThat(seen).singleElement().isInstanceOf(BulkheadFullException.class);
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        });
    }

    @Test
    void backsOffForAnotherFactoryAndWhenSwitchedOff() {
        runner.withUserConfiguration(OtherFactory.class).run(context -> {
            assertThat(context).hasSingleBean(CircuitBreakerFactory.class);
            assertThat(context).doesNotHaveBean(ResilienceCircuitBreakerFactory.class);
            assertThat(context).hasSingleBean(ReactiveResilienceCircuitBreakerFactory.class);
        });
        runner.withPropertyValues("resilience.spring-cloud.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(CircuitBreakerFactory.class);
            assertThat(context).doesNotHaveBean(ReactiveCircuitBreakerFactory.class);
        });
        runner.withClassLoader(new FilteredClassLoader("reactor.core")).run(context -> {
            assertThat(context).hasSingleBean(ResilienceCircuitBreakerFactory.class);
            assertThat(context).doesNotHaveBean(ReactiveCircuitBreakerFactory.class);
        });
    }

    static void awaitUninterruptibly(CountDownLatch latch, Duration limit) {
        try {
            latch.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // The timeout interrupts the worker running the call: leave at once.
            Thread.currentThread().interrupt();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TimeoutInCode {

        final List<String> customized = new CopyOnWriteArrayList<>();

        @Bean
        Customizer<ResilienceCircuitBreakerFactory> codedTimeout() {
            return factory -> {
                factory.configure(builder -> builder.timeoutConfig(
                        TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(50)).build()), "coded");
                factory.addCircuitBreakerCustomizer(breaker -> customized.add(breaker.name()), "coded");
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OtherFactory {

        @Bean
        CircuitBreakerFactory<?, ?> otherFactory() {
            return new CircuitBreakerFactory<Object, org.springframework.cloud.client.circuitbreaker.ConfigBuilder<Object>>() {
                @Override
                public CircuitBreaker create(String id) {
                    return new CircuitBreaker() {
                        @Override
                        public <T> T run(java.util.function.Supplier<T> toRun,
                                java.util.function.Function<Throwable, T> fallback) {
                            return toRun.get();
                        }
                    };
                }

                @Override
                protected org.springframework.cloud.client.circuitbreaker.ConfigBuilder<Object> configBuilder(String id) {
                    return Object::new;
                }

                @Override
                public void configureDefault(java.util.function.Function<String, Object> defaultConfiguration) {
                }
            };
        }
    }
}
