package dev.resilience.core.event;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.bulkhead.ThreadPoolBulkheadListener;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.registry.RegistryListener;
import dev.resilience.fallback.Fallback;
import dev.resilience.fallback.FallbackHandler;
import dev.resilience.fallback.FallbackListener;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.retry.RetryListener;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A listener that throws &mdash; anything, including a {@link VirtualMachineError} &mdash; from any callback
 * changes neither the outcome of the call nor the state of the pattern, in every pattern, synchronously and
 * asynchronously. The listeners here are proxies that throw the given failure from every callback, and a
 * counting listener added after them proves that the other listeners are still told.
 */
class FailingListenersTest {

    static List<Throwable> failures() {
        return List.of(new StackOverflowError("listener overflowed"), new OutOfMemoryError("listener ran out"),
                new NoClassDefFoundError("listener linkage"), new IllegalStateException("listener bug"));
    }

    /** A listener of {@code type} whose every callback throws {@code failure}. */
    static <L> L throwing(Class<L> type, Throwable failure) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return "listener throwing " + failure;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    throw failure;
            }
        }));
    }

    /** A listener of {@code type} that counts its callbacks. */
    static <L> L counting(Class<L> type, AtomicInteger calls) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return "counting listener";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    calls.incrementAndGet();
                    return null;
            }
        }));
    }

    /** The test's body; anything it lets escape is a test failure (JUnit would abort on an escaped OOM). */
    interface Body {
        void run() throws Exception;
    }

    static void contained(Body body) {
        try {
            body.run();
        } catch (AssertionError testFailure) {
            throw testFailure;
        } catch (Throwable escaped) {
            throw new AssertionError("escaped the pattern: " + escaped, escaped);
        }
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static Throwable failureOf(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the stage completed normally");
    }

    static Supplier<String> failingWith(IOException failure) {
        return () -> {
            throw new UncheckedIOException(failure);
        };
    }

    // ------------------------------------------------------------------------------------------ circuit breaker

    @ParameterizedTest
    @MethodSource("failures")
    void circuitBreakerOutcomesAndTransitions(Throwable failure) {
        contained(() -> {
            AtomicInteger told = new AtomicInteger();
            CircuitBreaker cb = CircuitBreaker.of("cb", CircuitBreakerConfig.builder()
                    .slidingWindowSize(4).minimumNumberOfCalls(4).build());
            cb.addListener(throwing(CircuitBreakerListener.class, failure));
            cb.addListener(counting(CircuitBreakerListener.class, told));

            assertThat(cb.executeSupplier(() -> "ok")).isEqualTo("ok");
            assertThat(await(cb.executeCompletionStage(() -> CompletableFuture.completedFuture("async ok"))))
                    .isEqualTo("async ok");
            UncheckedIOException down = new UncheckedIOException(new IOException("down"));
            assertThatThrownBy(() -> cb.executeSupplier(() -> {
                throw down;
            })).isSameAs(down);
            assertThat(failureOf(cb.executeCompletionStage(() -> CompletableFuture.failedFuture(down)))).isSameAs(down);
            // The window (4 calls, 50%) holds two successes and two failures: the breaker opened.
            assertThat(cb.state()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThatThrownBy(() -> cb.executeSupplier(() -> "rejected")).isInstanceOf(CallNotPermittedException.class);
            assertThat(failureOf(cb.executeCompletionStage(() -> CompletableFuture.completedFuture("rejected"))))
                    .isInstanceOf(CallNotPermittedException.class);
            cb.reset();
            assertThat(cb.state()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(told.get()).as("callbacks of the listener after the failing one").isGreaterThanOrEqualTo(8);
        });
    }

    // ------------------------------------------------------------------------------------------------- bulkheads

    @ParameterizedTest
    @MethodSource("failures")
    void semaphoreBulkheadOutcomesAndPermits(Throwable failure) {
        contained(() -> {
            AtomicInteger told = new AtomicInteger();
            Bulkhead bulkhead = Bulkhead.of("bh", BulkheadConfig.builder().maxConcurrentCalls(1)
                    .maxWaitDuration(Duration.ofSeconds(30)).build());
            bulkhead.addListener(throwing(BulkheadListener.class, failure));
            bulkhead.addListener(counting(BulkheadListener.class, told));

            assertThat(bulkhead.executeSupplier(() -> "ok")).isEqualTo("ok");
            assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);

            // One asynchronous call holds the permit, two wait: each hand-over runs the listeners on the drain.
            CompletableFuture<String> first = new CompletableFuture<>();
            CompletableFuture<String> second = new CompletableFuture<>();
            CompletionStage<String> running = bulkhead.executeCompletionStage(() -> first);
            CompletionStage<String> waiting = bulkhead.executeCompletionStage(() -> second);
            CompletionStage<String> last = bulkhead.executeCompletionStage(() -> CompletableFuture.completedFuture("last"));
            first.complete("first");
            assertThat(await(running)).isEqualTo("first");
            second.complete("second");
            assertThat(await(waiting)).isEqualTo("second");
            assertThat(await(last)).isEqualTo("last");
            assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);

            Bulkhead full = Bulkhead.of("full", BulkheadConfig.builder().maxConcurrentCalls(1).build());
            full.addListener(throwing(BulkheadListener.class, failure));
            full.acquirePermission();
            assertThatThrownBy(() -> full.executeSupplier(() -> "rejected")).isInstanceOf(BulkheadFullException.class);
            full.releasePermission();
            assertThat(full.metrics().availableConcurrentCalls()).isEqualTo(1);
            assertThat(told.get()).isGreaterThanOrEqualTo(6);
        });
    }

    @ParameterizedTest
    @MethodSource("failures")
    void threadPoolBulkheadOutcomes(Throwable failure) {
        contained(() -> {
            AtomicInteger told = new AtomicInteger();
            try (ThreadPoolBulkhead pool = ThreadPoolBulkhead.of("pool", ThreadPoolBulkheadConfig.builder()
                    .coreThreadPoolSize(1).maxThreadPoolSize(1).queueCapacity(1).build())) {
                pool.addListener(throwing(ThreadPoolBulkheadListener.class, failure));
                pool.addListener(counting(ThreadPoolBulkheadListener.class, told));

                assertThat(await(pool.submit(() -> "ok"))).isEqualTo("ok");
                IOException down = new IOException("down");
                assertThat(failureOf(pool.submit(() -> {
                    throw down;
                }))).isSameAs(down);

                // The only thread busy and the queue full: the next call is rejected.
                CountDownLatch started = new CountDownLatch(1);
                CompletableFuture<Void> release = new CompletableFuture<>();
                CompletionStage<String> holding = pool.submit(() -> {
                    started.countDown();
                    release.get(10, TimeUnit.SECONDS);
                    return "held";
                });
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
                CompletionStage<String> queued = pool.submit(() -> "queued");
                assertThat(failureOf(pool.submit(() -> "rejected"))).isInstanceOf(BulkheadFullException.class);
                release.complete(null);
                assertThat(await(holding)).isEqualTo("held");
                assertThat(await(queued)).isEqualTo("queued");
            }
            assertThat(told.get()).isGreaterThanOrEqualTo(5);
        });
    }

    // --------------------------------------------------------------------------------------------- rate limiters

    @ParameterizedTest
    @MethodSource("failures")
    void rateLimiterOutcomes(Throwable failure) {
        contained(() -> {
            AtomicInteger told = new AtomicInteger();
            RateLimiter limiter = RateLimiter.of("rl", RateLimiterConfig.builder().limitForPeriod(2)
                    .limitRefreshPeriod(Duration.ofHours(1)).build());
            limiter.addListener(throwing(RateLimiterListener.class, failure));
            limiter.addListener(counting(RateLimiterListener.class, told));

            assertThat(limiter.executeSupplier(() -> "ok")).isEqualTo("ok");
            assertThat(await(limiter.executeCompletionStage(() -> CompletableFuture.completedFuture("async ok"))))
                    .isEqualTo("async ok");
            assertThatThrownBy(() -> limiter.executeSupplier(() -> "rejected"))
                    .isInstanceOf(RateLimitExceededException.class);
            assertThat(limiter.tryAcquirePermission()).isFalse();
            assertThat(told.get()).isEqualTo(4);
        });
    }

    @ParameterizedTest
    @MethodSource("failures")
    void keyedRateLimiterOutcomes(Throwable failure) {
        contained(() -> {
            AtomicInteger told = new AtomicInteger();
            KeyedRateLimiter limiter = KeyedRateLimiter.of("keyed", RateLimiterConfig.builder().limitForPeriod(1)
                    .limitRefreshPeriod(Duration.ofHours(1)).build());
            limiter.addListener(throwing(RateLimiterListener.class, failure));
            limiter.addListener(counting(RateLimiterListener.class, told));

            assertThat(limiter.tryAcquirePermission("alice")).isTrue();
            assertThat(limiter.tryAcquirePermission("alice")).isFalse();
            limiter.acquirePermission("bob");
            assertThatThrownBy(() -> limiter.acquirePermission("bob")).isInstanceOf(RateLimitExceededException.class);
            assertThat(told.get()).isEqualTo(4);
        });
    }

    // ------------------------------------------------------------------------------------------------------ retry

    @ParameterizedTest
    @MethodSource("failures")
    void retryOutcomes(Throwable failure) {
        contained(() -> {
            AtomicInteger told = new AtomicInteger();
            Retry retry = Retry.of("retry", RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ZERO).build());
            retry.addListener(throwing(RetryListener.class, failure));
            retry.addListener(counting(RetryListener.class, told));

            AtomicInteger attempts = new AtomicInteger();
            assertThat(retry.executeSupplier(() -> {
                if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("first attempt fails");
                }
                return "ok";
            })).isEqualTo("ok");
            IllegalStateException always = new IllegalStateException("always");
            assertThatThrownBy(() -> retry.executeSupplier(() -> {
                throw always;
            })).isSameAs(always);

            AtomicInteger asyncAttempts = new AtomicInteger();
            assertThat(await(retry.executeCompletionStage(() -> asyncAttempts.incrementAndGet() == 1
                    ? CompletableFuture.failedFuture(new IllegalStateException("first attempt fails"))
                    : CompletableFuture.completedFuture("async ok")))).isEqualTo("async ok");
            assertThat(failureOf(retry.executeCompletionStage(() -> CompletableFuture.failedFuture(always))))
                    .isSameAs(always);
            assertThat(retry.metrics().successfulCallsWithRetry()).isEqualTo(2);
            assertThat(retry.metrics().failedCallsWithRetry()).isEqualTo(2);
            assertThat(told.get()).as("onRetry x6, onSuccess x2, onError x2").isEqualTo(10);
        });
    }

    // --------------------------------------------------------------------------------------------------- fallback

    @ParameterizedTest
    @MethodSource("failures")
    void fallbackOutcomes(Throwable failure) {
        contained(() -> {
            AtomicInteger told = new AtomicInteger();
            Fallback<String> fallback = Fallback.of("fallback");
            fallback.addListener(throwing(FallbackListener.class, failure));
            fallback.addListener(counting(FallbackListener.class, told));
            IOException down = new IOException("down");

            String recovered = fallback.executeSupplier(failingWith(down));
            assertThat(recovered).isEqualTo("fallback");
            CompletionStage<String> recoveredLater = fallback.executeCompletionStage(
                    () -> CompletableFuture.failedFuture(down));
            assertThat(await(recoveredLater)).isEqualTo("fallback");

            Fallback<String> declining = Fallback.<String>builder("declining")
                    .then(FallbackHandler.ofFunction(f -> {
                        throw new IllegalStateException("no fallback either");
                    })).build();
            declining.addListener(throwing(FallbackListener.class, failure));
            UncheckedIOException unavailable = new UncheckedIOException(down);
            assertThatThrownBy(() -> declining.executeSupplier(() -> {
                throw unavailable;
            })).isSameAs(unavailable);
            CompletionStage<String> declined = declining.executeCompletionStage(
                    () -> CompletableFuture.failedFuture(unavailable));
            assertThat(failureOf(declined)).isSameAs(unavailable);
            assertThat(told.get()).isEqualTo(2);
        });
    }

    // ---------------------------------------------------------------------------------------------------- timeout

    @ParameterizedTest
    @MethodSource("failures")
    void timeoutOutcomes(Throwable failure) {
        contained(() -> {
            Timeout timeout = Timeout.of("timeout", TimeoutConfig.builder().timeoutDuration(Duration.ofMinutes(1)).build());
            timeout.addListener(throwing(TimeoutListener.class, failure));

            assertThat(timeout.executeSupplier(() -> "ok")).isEqualTo("ok");
            assertThat(await(timeout.executeCompletionStage(() -> CompletableFuture.completedFuture("async ok"))))
                    .isEqualTo("async ok");
            UncheckedIOException down = new UncheckedIOException(new IOException("down"));
            assertThatThrownBy(() -> timeout.executeSupplier(() -> {
                throw down;
            })).isSameAs(down);
        });
    }

    // ------------------------------------------------------------------------------------------------- registries

    @ParameterizedTest
    @MethodSource("failures")
    void registryListenersNeverBreakTheLookUp(Throwable failure) {
        contained(() -> {
            @SuppressWarnings("unchecked")
            RegistryListener<CircuitBreaker> broken = throwing(RegistryListener.class, failure);
            CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
            breakers.addRegistryListener(broken);
            CircuitBreaker created = breakers.get("backend");
            assertThat(breakers.find("backend")).containsSame(created);
            assertThat(breakers.replace("backend", CircuitBreaker.ofDefaults("backend"))).containsSame(created);
            assertThat(breakers.remove("backend")).isPresent();

            @SuppressWarnings("unchecked")
            RegistryListener<Bulkhead> brokenToo = throwing(RegistryListener.class, failure);
            BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
            bulkheads.addRegistryListener(brokenToo);
            assertThat(bulkheads.get("bh").executeSupplier(() -> "ok")).isEqualTo("ok");
        });
    }
}
