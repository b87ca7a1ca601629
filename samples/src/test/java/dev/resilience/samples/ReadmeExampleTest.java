package dev.resilience.samples;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.core.Pipeline;
import dev.resilience.fallback.Fallback;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's programmatic example, verbatim between the markers, so that it keeps compiling and working. */
class ReadmeExampleTest {

    @Test
    void theProgrammaticExampleFallsBackAfterTheRetriesAndCountsEachAttemptInTheBreaker() {
        AtomicInteger calls = new AtomicInteger();
        Supplier<String> backend = () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("backend down");
        };

        // README example: start
        CircuitBreaker breaker = CircuitBreaker.of("backend", CircuitBreakerConfig.builder()
                .slidingWindowSize(10)                      // judge the last 10 calls
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)                   // open at 50% failures
                .waitDurationInOpenState(Duration.ofSeconds(10))
                .build());
        Retry retry = Retry.of("backend", RetryConfig.builder()
                .maxAttempts(3)                             // counting the first call
                .waitDuration(Duration.ofMillis(100))
                .build());
        Fallback<String> fallback = Fallback.of("cached answer");

        // Outermost first: each retry attempt passes through the breaker; the fallback sees the final outcome.
        Pipeline pipeline = Pipeline.of(fallback, retry, breaker);
        String answer = pipeline.executeSupplier(backend);   // built once, reused for every call
        // README example: end

        assertThat(answer).isEqualTo("cached answer");
        assertThat(calls).hasValue(3);
        assertThat(breaker.metrics().failedCalls()).isEqualTo(3);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
