package dev.resilience.retry;

import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The low-level per-call API that callers who loop themselves (Reactor operators) use. */
class RetryContextTest {

    private final RecordingListener listener = new RecordingListener();

    private Retry retry(RetryConfig.Builder builder) {
        Retry retry = Retry.of("backend", builder.build());
        retry.addListener(listener);
        return retry;
    }

    @Test
    void answersWaitsUntilAttemptsAreExhausted() {
        Retry.Context context = retry(RetryConfig.builder()).context();
        IOException failure = new IOException("down");

        assertThat(context.onError(failure)).isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(context.onError(failure)).isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(context.onError(failure)).isEqualTo(-1);
        assertThat(context.attempts()).isEqualTo(3);
        context.onFailure(failure);

        assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S IOException(down)",
                "retry 2 wait=PT0.5S IOException(down)", "error 3 IOException(down)");
    }

    @Test
    void anAcceptedResultEndsWithSuccess() {
        Retry retry = retry(RetryConfig.builder().retryOnResult(r -> r == null));
        Retry.Context context = retry.context();

        assertThat(context.onResult(null)).isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(context.onResult("value")).isEqualTo(-1);
        context.onSuccess();

        assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S result", "success 2");
        assertThat(retry.metrics().successfulCallsWithRetry()).isEqualTo(1);
    }

    @Test
    void aNotRetryableErrorEndsAsIgnored() {
        Retry retry = retry(RetryConfig.builder().ignoreExceptions(IllegalArgumentException.class));
        Retry.Context context = retry.context();
        IllegalArgumentException failure = new IllegalArgumentException("bad");

        assertThat(context.onError(failure)).isEqualTo(-1);
        context.onFailure(failure);

        assertThat(listener.events).containsExactly("ignored IllegalArgumentException(bad)");
        assertThat(retry.metrics().failedCallsWithoutRetry()).isEqualTo(1);
    }

    @Test
    void endingTwiceCountsOnceAndReportingAfterTheEndIsRefused() {
        Retry retry = retry(RetryConfig.builder());
        Retry.Context context = retry.context();
        context.onResult("x");

        context.onSuccess();
        context.onSuccess();
        context.onFailure(new IOException());

        assertThat(listener.events).containsExactly("success 1");
        assertThat(retry.metrics().successfulCallsWithoutRetry()).isEqualTo(1);
        assertThatThrownBy(() -> context.onError(new IOException()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This call of retry 'backend' has already ended");
        assertThatThrownBy(() -> context.onResult("y")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCallMayBeEndedBetweenAttempts() {
        Retry retry = retry(RetryConfig.builder());
        Retry.Context context = retry.context();
        IOException failure = new IOException("down");
        context.onError(failure);

        context.onFailure(failure);

        assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S IOException(down)",
                "error 1 IOException(down)");
    }

    @Test
    void creatingAContextDepositsIntoTheBudget() {
        ManualTicker ticker = new ManualTicker();
        RetryBudget budget = RetryBudget.builder().retryRatio(1).minRetriesPerSecond(0).ticker(ticker).build();
        Retry retry = retry(RetryConfig.builder().retryBudget(budget));

        assertThat(budget.balance()).isZero();
        retry.context();

        assertThat(budget.balance()).isEqualTo(1);
    }

    @Test
    void nullErrorIsRefused() {
        Retry.Context context = retry(RetryConfig.builder()).context();

        assertThatThrownBy(() -> context.onError(null)).isInstanceOf(NullPointerException.class);
    }
}
