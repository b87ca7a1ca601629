package dev.resilience.spring.boot.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadListener;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.core.registry.RegistryListener;
import dev.resilience.fallback.FallbackListener;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryListener;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutListener;
import dev.resilience.timeout.TimeoutRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Listener beans are attached to the registries without code, registry-wide: instances that exist when the
 * context starts and instances created later both report to them. One test per pattern, plus registry
 * listeners, event consumers and the fallbacks of annotated methods.
 */
class ListenerBeansTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceAnnotationsAutoConfiguration.class, ResilienceListenersAutoConfiguration.class))
            .withPropertyValues("resilience.retry.configs.default.wait-duration=0s",
                    "resilience.retry.configs.default.max-attempts=2",
                    "resilience.bulkhead.configs.default.max-concurrent-calls=1",
                    "resilience.rate-limiter.configs.default.limit-for-period=1",
                    "resilience.rate-limiter.configs.default.limit-refresh-period=1h");

    @Test
    void aCircuitBreakerListenerBeanHearsEveryBreakerIncludingLaterOnes() {
        runner.withUserConfiguration(BreakerListenerBean.class, Service.class).run(context -> {
            Recorder recorder = context.getBean(Recorder.class);
            CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);

            context.getBean(Service.class).protectedCall(true); // the annotated method's breaker, created at start
            fail(registry.get("created-later"));

            assertThat(recorder.events).containsExactly("breaker error service", "breaker error created-later");
        });
    }

    @Test
    void aRetryListenerBean() {
        runner.withUserConfiguration(RetryListenerBean.class).run(context -> {
            Retry retry = context.getBean(RetryRegistry.class).get("later");

            assertThatThrownBy(() -> retry.executeSupplier(() -> {
                throw new IllegalStateException("down");
            })).hasMessage("down");

            assertThat(context.getBean(Recorder.class).events).containsExactly("retry later 1", "retry error later 2");
        });
    }

    @Test
    void aBulkheadListenerBean() {
        runner.withUserConfiguration(BulkheadListenerBean.class).run(context -> {
            Bulkhead bulkhead = context.getBean(BulkheadRegistry.class).get("later");

            bulkhead.executeSupplier(() -> "ok");

            assertThat(context.getBean(Recorder.class).events).containsExactly("bulkhead permitted later",
                    "bulkhead finished later");
        });
    }

    @Test
    void aThreadPoolBulkheadListenerBean() {
        runner.withUserConfiguration(ThreadPoolBulkheadListenerBean.class).run(context -> {
            ThreadPoolBulkhead bulkhead = context.getBean(ThreadPoolBulkheadRegistry.class).get("later");

            assertThat(bulkhead.submitSupplier(() -> "ok").toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isEqualTo("ok");

            // The pool thread may report the end before the caller's thread reports the start.
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(context.getBean(Recorder.class).events)
                    .containsExactlyInAnyOrder("pool permitted later", "pool finished later"));
        });
    }

    @Test
    void aRateLimiterListenerBean() {
        runner.withUserConfiguration(RateLimiterListenerBean.class).run(context -> {
            RateLimiter limiter = context.getBean(RateLimiterRegistry.class).get("later");

            limiter.executeSupplier(() -> "ok");
            assertThatThrownBy(() -> limiter.executeSupplier(() -> "too many"))
                    .isInstanceOf(dev.resilience.ratelimiter.RateLimitExceededException.class);

            assertThat(context.getBean(Recorder.class).events).containsExactly("limiter permitted later",
                    "limiter rejected later");
        });
    }

    @Test
    void aTimeoutListenerBean() {
        runner.withUserConfiguration(TimeoutListenerBean.class).run(context -> {
            Timeout timeout = context.getBean(TimeoutRegistry.class).get("later");

            timeout.executeSupplier(() -> "ok");

            assertThat(context.getBean(Recorder.class).events).containsExactly("timeout success later");
        });
    }

    @Test
    void aFallbackListenerBeanHearsTheFallbacksOfAnnotatedMethods() {
        runner.withUserConfiguration(FallbackListenerBean.class, Service.class).run(context -> {
            assertThat(context.getBean(Service.class).protectedCall(true)).isEqualTo("from the fallback");

            assertThat(context.getBean(Recorder.class).events)
                    .containsExactly("fallback Service#protectedCall handler 0 IllegalStateException");
        });
    }

    @Test
    void anEventConsumerBeanReceivesTheEventsOfEveryPattern() {
        runner.withUserConfiguration(EventConsumerBean.class, Service.class).run(context -> {
            context.getBean(Service.class).protectedCall(true);
            Retry retry = context.getBean(RetryRegistry.class).get("later");
            assertThatThrownBy(() -> retry.executeSupplier(() -> {
                throw new IllegalStateException("down");
            }));

            assertThat(context.getBean(Recorder.class).events).contains("circuit-breaker service ERROR",
                    "fallback Service#protectedCall FALLBACK", "retry later RETRY", "retry later ERROR");
        });
    }

    @Test
    void aRegistryListenerBeanIsToldOfInstancesCreatedAtStartAndLater() {
        runner.withUserConfiguration(BreakerRegistryListenerBean.class, Service.class).run(context -> {
            context.getBean(CircuitBreakerRegistry.class).get("created-later");
            context.getBean(RetryRegistry.class).get("a-retry");

            assertThat(context.getBean(Recorder.class).events).containsExactly("added service",
                    "added created-later");
        });
    }

    @Test
    void anUntypedRegistryListenerBeanFollowsEveryRegistry() {
        runner.withUserConfiguration(AnyRegistryListenerBean.class).run(context -> {
            context.getBean(CircuitBreakerRegistry.class).get("b");
            context.getBean(RetryRegistry.class).get("r");
            context.getBean(RateLimiterRegistry.class).keyedLimiters().get("k");

            assertThat(context.getBean(Recorder.class).events).containsExactlyInAnyOrder("added CircuitBreaker b",
                    "added Retry r", "added KeyedRateLimiter k");
        });
    }

    @Test
    void aListenerBeanMayDependOnTheRegistryItListensTo() {
        runner.withUserConfiguration(RegistryAwareListenerBean.class).run(context -> {
            assertThat(context).hasNotFailed();
            fail(context.getBean(CircuitBreakerRegistry.class).get("x"));
            assertThat(context.getBean(Recorder.class).events).containsExactly("breaker error x (1 breakers)");
        });
    }

    @Test
    void listenersAreDetachedWhenTheContextCloses() {
        Recorder[] recorder = new Recorder[1];
        CircuitBreakerRegistry[] registry = new CircuitBreakerRegistry[1];
        runner.withUserConfiguration(BreakerListenerBean.class).run(context -> {
            recorder[0] = context.getBean(Recorder.class);
            registry[0] = context.getBean(CircuitBreakerRegistry.class);
        });

        fail(registry[0].get("after-close"));

        assertThat(recorder[0].events).isEmpty();
    }

    private static void fail(dev.resilience.circuitbreaker.CircuitBreaker breaker) {
        assertThatThrownBy(() -> breaker.executeSupplier(() -> {
            throw new IllegalStateException("down");
        })).hasMessage("down");
    }

    /** What the listener beans heard, in order. */
    static class Recorder {
        final List<String> events = new CopyOnWriteArrayList<>();
    }

    static class Service {

        @CircuitBreaker(name = "service")
        @Fallback(method = "fallback")
        public String protectedCall(boolean fail) {
            if (fail) {
                throw new IllegalStateException("down");
            }
            return "ok";
        }

        String fallback(boolean fail, IllegalStateException failure) {
            return "from the fallback";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BreakerListenerBean {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        CircuitBreakerListener breakerListener(Recorder recorder) {
            return new CircuitBreakerListener() {
                @Override
                public void onError(dev.resilience.circuitbreaker.CircuitBreaker breaker, long nanos, Throwable e) {
                    recorder.events.add("breaker error " + breaker.name());
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RetryListenerBean {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        RetryListener retryListener(Recorder recorder) {
            return new RetryListener() {
                @Override
                public void onRetry(Retry retry, int attempt, long waitNanos, Throwable lastError) {
                    recorder.events.add("retry " + retry.name() + " " + attempt);
                }

                @Override
                public void onError(Retry retry, int attempts, Throwable lastError) {
                    recorder.events.add("retry error " + retry.name() + " " + attempts);
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BulkheadListenerBean {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        BulkheadListener bulkheadListener(Recorder recorder) {
            return new BulkheadListener() {
                @Override
                public void onPermitted(Bulkhead bulkhead) {
                    recorder.events.add("bulkhead permitted " + bulkhead.name());
                }

                @Override
                public void onFinished(Bulkhead bulkhead) {
                    recorder.events.add("bulkhead finished " + bulkhead.name());
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ThreadPoolBulkheadListenerBean {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        ThreadPoolBulkheadListener threadPoolBulkheadListener(Recorder recorder) {
            return new ThreadPoolBulkheadListener() {
                @Override
                public void onPermitted(ThreadPoolBulkhead bulkhead) {
                    recorder.events.add("pool permitted " + bulkhead.name());
                }

                @Override
                public void onFinished(ThreadPoolBulkhead bulkhead) {
                    recorder.events.add("pool finished " + bulkhead.name());
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RateLimiterListenerBean {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        RateLimiterListener rateLimiterListener(Recorder recorder) {
            return new RateLimiterListener() {
                @Override
                public void onPermitted(RateLimiter limiter, int permits) {
                    recorder.events.add("limiter permitted " + limiter.name());
                }

                @Override
                public void onRejected(RateLimiter limiter, int permits) {
                    recorder.events.add("limiter rejected " + limiter.name());
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TimeoutListenerBean {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        TimeoutListener timeoutListener(Recorder recorder) {
            return new TimeoutListener() {
                @Override
                public void onSuccess(Timeout timeout, long nanos) {
                    recorder.events.add("timeout success " + timeout.name());
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FallbackListenerBean {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        FallbackListener fallbackListener(Recorder recorder) {
            return new FallbackListener() {
                @Override
                public void onFallback(dev.resilience.fallback.Fallback<?> fallback, int handlerIndex,
                        Throwable failure) {
                    recorder.events.add("fallback " + fallback.name() + " handler " + handlerIndex + " "
                            + failure.getClass().getSimpleName());
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EventConsumerBean {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        EventConsumer eventConsumer(Recorder recorder) {
            return (ResilienceEvent event) -> recorder.events.add(event.pattern() + " " + event.name() + " "
                    + event.type());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BreakerRegistryListenerBean {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        RegistryListener<dev.resilience.circuitbreaker.CircuitBreaker> breakerRegistryListener(Recorder recorder) {
            return new RegistryListener<>() {
                @Override
                public void onAdded(dev.resilience.circuitbreaker.CircuitBreaker breaker) {
                    recorder.events.add("added " + breaker.name());
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AnyRegistryListenerBean {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        RegistryListener<Object> anyRegistryListener(Recorder recorder) {
            return new RegistryListener<>() {
                @Override
                public void onAdded(Object instance) {
                    String type = instance instanceof dev.resilience.circuitbreaker.CircuitBreaker ? "CircuitBreaker"
                            : instance instanceof Retry ? "Retry"
                            : instance instanceof KeyedRateLimiter ? "KeyedRateLimiter"
                            : instance.getClass().getSimpleName();
                    recorder.events.add("added " + type + " " + name(instance));
                }
            };
        }

        private static String name(Object instance) {
            return instance instanceof dev.resilience.core.Policy policy ? policy.name()
                    : ((KeyedRateLimiter) instance).name();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RegistryAwareListenerBean {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        CircuitBreakerListener registryAwareListener(Recorder recorder, CircuitBreakerRegistry registry) {
            return new CircuitBreakerListener() {
                @Override
                public void onError(dev.resilience.circuitbreaker.CircuitBreaker breaker, long nanos, Throwable e) {
                    recorder.events.add("breaker error " + breaker.name() + " (" + registry.all().size()
                            + " breakers)");
                }
            };
        }
    }
}
