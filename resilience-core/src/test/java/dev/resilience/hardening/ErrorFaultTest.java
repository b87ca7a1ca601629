package dev.resilience.hardening;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.core.Pipeline;
import dev.resilience.core.Policy;
import dev.resilience.fallback.Fallback;
import dev.resilience.fallback.FallbackHandler;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.retry.RetryListener;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link Error}s thrown by the call and by listeners. A call's Error reaches the caller as the same object, and
 * the pattern is left as after any other failure (permits back, outcome recorded). A listener's failure,
 * Errors included, changes neither the call's outcome nor the pattern's state.
 */
class ErrorFaultTest {

    /** A non-VM error, as a library bug or an assertion would throw. */
    static final class ListenerBug extends Error {
        private static final long serialVersionUID = 1L;

        ListenerBug() {
            super("listener bug");
        }
    }

    @Test
    void anErrorFromTheCallPassesEveryPatternUnchangedAndLeavesThemUsable() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("errors", CircuitBreakerConfig.builder().slidingWindowSize(100)
                .minimumNumberOfCalls(100).build());
        Bulkhead bulkhead = Bulkhead.of("errors", BulkheadConfig.builder().maxConcurrentCalls(1).build());
        RateLimiter limiter = RateLimiter.ofDefaults("errors");
        Retry retry = Retry.of("errors", RetryConfig.builder().waitDuration(Duration.ZERO).build());
        Timeout timeout = Timeout.of("errors", TimeoutConfig.builder().timeoutDuration(Duration.ofSeconds(30)).build());
        Fallback<String> fallback = Fallback.<String>builder("errors").then(FallbackHandler.ofValue("fallback")).build();
        Pipeline pipeline = Pipeline.of(fallback, retry, breaker, limiter, timeout, bulkhead);
        for (Policy policy : List.of(pipeline, fallback, retry, breaker, limiter, timeout, bulkhead)) {
            StackOverflowError error = new StackOverflowError("from the call");
            Throwable thrown = catchThrowable(() -> policy.executeSupplier(() -> {
                throw error;
            }));
            assertThat(thrown).as(policy.toString()).isSameAs(error);
            CompletableFuture<Object> async = policy.executeCompletionStage(() -> CompletableFuture.failedFuture(error))
                    .toCompletableFuture();
            assertThat(catchThrowable(() -> async.get(10, TimeUnit.SECONDS))).as(policy.toString()).hasCause(error);
        }
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
        assertThat(breaker.metrics().failedCalls()).as("the breaker counted the errors").isPositive();
        assertThat(pipeline.executeSupplier(() -> "still works")).isEqualTo("still works");
    }

    @Test
    void anErrorOfTheLastHalfOpenTrialDecidesTheTrial() {
        CircuitBreaker breaker = CircuitBreaker.of("errors", CircuitBreakerConfig.builder()
                .permittedNumberOfCallsInHalfOpenState(1).build());
        breaker.transitionToHalfOpenState();
        catchThrowable(() -> breaker.executeSupplier(() -> {
            throw new OutOfMemoryError("simulated");
        }));
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    // ---------------------------------------------------------------------------- errors thrown by listeners

    @Test
    void aListenerBugNeitherChangesTheOutcomeNorWedgesTheBreaker() {
        CircuitBreaker breaker = halfOpenBreakerWithFailingListener(new ListenerBug());
        Throwable thrown = catchThrowable(() -> breaker.executeSupplier(() -> "ok"));
        assertThat(thrown).as("a listener's bug never reaches the caller").isNull();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    /**
     * Issue 8 #1: a {@code VirtualMachineError} from a listener may propagate, but only after the trial was
     * decided (here it is logged and swallowed: the call's own outcome stands).
     */
    @Test
    void aListenerStackOverflowDoesNotWedgeTheBreakerInHalfOpen() {
        CircuitBreaker breaker = halfOpenBreakerWithFailingListener(new StackOverflowError("listener overflow"));
        catchThrowable(() -> breaker.executeSupplier(() -> "ok"));
        assertThat(breaker.state()).as("the trial is decided whatever the listener did")
                .isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private static CircuitBreaker halfOpenBreakerWithFailingListener(Error error) {
        CircuitBreaker breaker = CircuitBreaker.of("errors", CircuitBreakerConfig.builder()
                .permittedNumberOfCallsInHalfOpenState(1).build());
        breaker.addListener(new CircuitBreakerListener() {
            @Override
            public void onSuccess(CircuitBreaker circuitBreaker, long durationNanos) {
                throw error;
            }
        });
        breaker.transitionToHalfOpenState();
        return breaker;
    }

    @Test
    void aNonVmErrorFromAnyListenerNeverReachesTheCaller() throws Throwable {
        Bulkhead bulkhead = Bulkhead.of("errors", BulkheadConfig.builder().maxConcurrentCalls(1).build());
        bulkhead.addListener(new BulkheadListener() {
            @Override
            public void onPermitted(Bulkhead b) {
                throw new ListenerBug();
            }

            @Override
            public void onFinished(Bulkhead b) {
                throw new ListenerBug();
            }
        });
        RateLimiter limiter = RateLimiter.ofDefaults("errors");
        limiter.addListener(new RateLimiterListener() {
            @Override
            public void onPermitted(RateLimiter rateLimiter, int permits) {
                throw new ListenerBug();
            }
        });
        Retry retry = Retry.ofDefaults("errors");
        retry.addListener(new RetryListener() {
            @Override
            public void onSuccess(Retry r, int attempts) {
                throw new ListenerBug();
            }
        });
        Timeout timeout = Timeout.ofDefaults("errors");
        timeout.addListener(new TimeoutListener() {
            @Override
            public void onSuccess(Timeout t, long durationNanos) {
                throw new ListenerBug();
            }
        });
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("errors");
        breaker.addListener(new CircuitBreakerListener() {
            @Override
            public void onSuccess(CircuitBreaker circuitBreaker, long durationNanos) {
                throw new ListenerBug();
            }
        });
        for (Policy policy : List.<Policy>of(bulkhead, limiter, retry, timeout, breaker)) {
            Supplier<String> call = () -> "ok";
            assertThat(catchThrowable(() -> assertThat(policy.executeSupplier(call)).isEqualTo("ok")))
                    .as(policy.toString()).isNull();
        }
        assertThat(bulkhead.metrics().availableConcurrentCalls()).isEqualTo(1);
    }
}
