package dev.resilience.retry;

import dev.resilience.core.ConflictingConfigurationException;
import dev.resilience.core.InvalidConfigurationException;
import dev.resilience.core.internal.SharedScheduler;
import dev.resilience.testing.ManualScheduler;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import dev.resilience.timeout.TimeoutExceededException;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryConfigTest {

    @Nested
    class Defaults {

        @Test
        void followTheContract() {
            RetryConfig config = RetryConfig.ofDefaults();

            assertThat(config.maxAttempts()).isEqualTo(3);
            assertThat(config.waitDuration()).isEqualTo(Duration.ofMillis(500));
            assertThat(config.exponentialBackoffEnabled()).isFalse();
            assertThat(config.exponentialBackoffMultiplier()).isEqualTo(2.0);
            assertThat(config.exponentialMaxWaitDuration()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
            assertThat(config.randomizedWaitEnabled()).isFalse();
            assertThat(config.randomizedWaitFactor()).isEqualTo(0.5);
            assertThat(config.retryExceptions()).isEmpty();
            assertThat(config.ignoreExceptions()).isEmpty();
            assertThat(config.retryOnException()).isEmpty();
            assertThat(config.retryOnResult()).isEmpty();
            assertThat(config.retryBudget()).isEmpty();
            assertThat(config.intervalFunction()).isEmpty();
            assertThat(config.sleeper()).isSameAs(Sleeper.system());
            assertThat(config.scheduler()).isSameAs(SharedScheduler.get());
            assertThat(config.clock()).isEqualTo(Clock.systemUTC());
            assertThat(RetryConfig.defaults()).isSameAs(config);
            assertThat(config).hasToString("RetryConfig[maxAttempts=3, waitDuration=PT0.5S]");
        }

        @Test
        void retryEveryExceptionButNoError() {
            RetryConfig config = RetryConfig.ofDefaults();

            assertThat(config.isRetryable(new IOException())).isTrue();
            assertThat(config.isRetryable(new IllegalStateException())).isTrue();
            assertThat(config.isRetryable(new AssertionError())).isFalse();
            assertThat(config.isRetryable(new StackOverflowError())).isFalse();
        }

        @Test
        void neverRetryAnInterrupt() {
            RetryConfig config = RetryConfig.builder().retryOnException(t -> true).build();

            assertThat(config.isRetryable(new InterruptedException())).isFalse();
        }
    }

    @Nested
    class Validation {

        @Test
        void maxAttemptsCountsTheFirstCallSoMustBeAtLeastOne() {
            assertThatThrownBy(() -> RetryConfig.builder().maxAttempts(0))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid 'max-attempts' (0): must be at least 1");
            assertThat(RetryConfig.builder().maxAttempts(1).build().maxAttempts()).isEqualTo(1);
        }

        @Test
        void waitDurationMustNotBeNegative() {
            assertThatThrownBy(() -> RetryConfig.builder().waitDuration(Duration.ofMillis(-1)))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid 'wait-duration' (PT-0.001S): must not be negative");
            assertThatThrownBy(() -> RetryConfig.builder().waitDuration(null))
                    .hasMessage("Invalid 'wait-duration' (null): must not be null");
            assertThat(RetryConfig.builder().waitDuration(Duration.ZERO).build().waitDuration()).isZero();
        }

        @Test
        void multiplierMustBeAtLeastOneAndFinite() {
            assertThatThrownBy(() -> RetryConfig.builder().exponentialBackoffMultiplier(0.5))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid 'exponential-backoff-multiplier' (0.5): must be at least 1 and finite");
            assertThatThrownBy(() -> RetryConfig.builder().exponentialBackoffMultiplier(Double.NaN))
                    .hasMessage("Invalid 'exponential-backoff-multiplier' (NaN): must be at least 1 and finite");
            assertThatThrownBy(() -> RetryConfig.builder().exponentialBackoffMultiplier(Double.POSITIVE_INFINITY))
                    .hasMessage("Invalid 'exponential-backoff-multiplier' (Infinity): must be at least 1 and finite");
            assertThat(RetryConfig.builder().exponentialBackoffMultiplier(1).build().exponentialBackoffMultiplier())
                    .isEqualTo(1.0);
        }

        @Test
        void maxWaitMustBePositive() {
            assertThatThrownBy(() -> RetryConfig.builder().exponentialMaxWaitDuration(Duration.ZERO))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid 'exponential-max-wait-duration' (PT0S): must be greater than zero");
        }

        @Test
        void randomizedWaitFactorMustBeInZeroToOneExcluded() {
            assertThatThrownBy(() -> RetryConfig.builder().randomizedWaitFactor(1.0))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid 'randomized-wait-factor' (1.0): must be at least 0 and less than 1");
            assertThatThrownBy(() -> RetryConfig.builder().randomizedWaitFactor(-0.1))
                    .hasMessage("Invalid 'randomized-wait-factor' (-0.1): must be at least 0 and less than 1");
            assertThat(RetryConfig.builder().randomizedWaitFactor(0).build().randomizedWaitFactor()).isZero();
        }

        @Test
        void exceptionListsRejectNull() {
            List<Class<? extends Throwable>> withNull = new ArrayList<>();
            withNull.add(IOException.class);
            withNull.add(null);

            assertThatThrownBy(() -> RetryConfig.builder().retryExceptions(withNull))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid 'retry-exceptions' ([class java.io.IOException, null]): must not contain null");
            assertThatThrownBy(() -> RetryConfig.builder().ignoreExceptions((List<Class<? extends Throwable>>) null))
                    .hasMessage("Invalid 'ignore-exceptions' (null): must not be null");
        }

        @Test
        void collaboratorsMustNotBeNull() {
            assertThatThrownBy(() -> RetryConfig.builder().sleeper(null))
                    .hasMessage("Invalid 'sleeper' (null): must not be null");
            assertThatThrownBy(() -> RetryConfig.builder().scheduler(null))
                    .hasMessage("Invalid 'scheduler' (null): must not be null");
            assertThatThrownBy(() -> RetryConfig.builder().ticker(null))
                    .hasMessage("Invalid 'ticker' (null): must not be null");
            assertThatThrownBy(() -> RetryConfig.builder().clock(null))
                    .hasMessage("Invalid 'clock' (null): must not be null");
        }

        @Test
        void intervalFunctionCannotBeCombinedWithBuiltInBackoff() {
            IntervalFunction custom = (attempt, failure) -> Duration.ofSeconds(attempt);

            assertThatThrownBy(() -> RetryConfig.builder().intervalFunction(custom).enableExponentialBackoff(true).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("A custom interval function replaces 'enable-exponential-backoff' and "
                            + "'enable-randomized-wait'; turn them off or remove the interval function");
            assertThatThrownBy(() -> RetryConfig.builder().intervalFunction(custom).enableRandomizedWait(true).build())
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void capShorterThanInitialWaitIsContradictoryWithBackoffOnly() {
            RetryConfig.Builder builder = RetryConfig.builder().waitDuration(Duration.ofSeconds(1))
                    .exponentialMaxWaitDuration(Duration.ofMillis(100));

            assertThat(builder.build().waitNanos(1, null)).isEqualTo(Duration.ofSeconds(1).toNanos());
            assertThatThrownBy(() -> builder.enableExponentialBackoff(true).build())
                    .isInstanceOf(ConflictingConfigurationException.class)
                    .hasMessage("Invalid 'exponential-max-wait-duration' (PT0.1S): must not be shorter than "
                            + "'wait-duration' (PT1S) when 'enable-exponential-backoff' is true");
        }
    }

    @Nested
    class Copies {

        @Test
        void fromCopiesEverySettingAndLeavesTheBaseAlone() {
            RetryBudget budget = RetryBudget.ofDefaults();
            Predicate<Object> onResult = r -> r == null;
            Predicate<Throwable> onException = t -> t instanceof IllegalStateException;
            Sleeper sleeper = new RecordingSleeper();
            ManualScheduler scheduler = new ManualScheduler();
            ManualTicker ticker = new ManualTicker();
            Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
            RetryConfig base = RetryConfig.builder().maxAttempts(7).waitDuration(Duration.ofMillis(10))
                    .enableExponentialBackoff(true).exponentialBackoffMultiplier(3)
                    .exponentialMaxWaitDuration(Duration.ofSeconds(9)).enableRandomizedWait(true)
                    .randomizedWaitFactor(0.25).retryExceptions(IOException.class)
                    .ignoreExceptions(FileNotFoundException.class).retryOnException(onException)
                    .retryOnResult(onResult).retryBudget(budget).sleeper(sleeper).scheduler(scheduler)
                    .ticker(ticker).clock(clock).build();

            RetryConfig copy = RetryConfig.from(base).build();
            RetryConfig changed = RetryConfig.from(base).maxAttempts(2).build();

            assertThat(copy).usingRecursiveComparison().ignoringFields("classifier").isEqualTo(base);
            assertThat(copy.maxAttempts()).isEqualTo(7);
            assertThat(copy.scheduler()).isSameAs(scheduler);
            assertThat(copy.retryBudget()).containsSame(budget);
            assertThat(changed.maxAttempts()).isEqualTo(2);
            assertThat(changed.exponentialBackoffMultiplier()).isEqualTo(3);
            assertThat(base.maxAttempts()).isEqualTo(7);
        }

        @Test
        void buildCopiesTheExceptionLists() {
            List<Class<? extends Throwable>> types = new ArrayList<>(List.of(IOException.class));
            RetryConfig.Builder builder = RetryConfig.builder().retryExceptions(types);
            RetryConfig first = builder.build();

            types.add(IllegalStateException.class);
            RetryConfig second = builder.ignoreExceptions(FileNotFoundException.class).build();

            assertThat(first.retryExceptions()).containsExactly(IOException.class);
            assertThat(first.ignoreExceptions()).isEmpty();
            assertThat(second.retryExceptions()).containsExactly(IOException.class);
            assertThatThrownBy(() -> first.retryExceptions().add(Error.class))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Classification {

        @Test
        void retryExceptionsMatchSubclasses() {
            RetryConfig config = RetryConfig.builder().retryExceptions(IOException.class).build();

            assertThat(config.isRetryable(new ConnectException())).isTrue();
            assertThat(config.isRetryable(new IllegalStateException())).isFalse();
        }

        @Test
        void ignoreWinsOverRetryExceptionsAndPredicate() {
            RetryConfig config = RetryConfig.builder().retryExceptions(IOException.class)
                    .retryOnException(t -> true).ignoreExceptions(FileNotFoundException.class).build();

            assertThat(config.isRetryable(new FileNotFoundException())).isFalse();
            assertThat(config.isRetryable(new IOException())).isTrue();
        }

        @Test
        void predicateAloneDecidesAndMayRetryErrors() {
            RetryConfig config = RetryConfig.builder().retryOnException(t -> "again".equals(t.getMessage())).build();

            assertThat(config.isRetryable(new IOException("again"))).isTrue();
            assertThat(config.isRetryable(new AssertionError("again"))).isTrue();
            assertThat(config.isRetryable(new IOException("stop"))).isFalse();
        }

        @Test
        void predicateAddsToTheList() {
            RetryConfig config = RetryConfig.builder().retryExceptions(IOException.class)
                    .retryOnException(t -> t instanceof IllegalStateException).build();

            assertThat(config.isRetryable(new IOException())).isTrue();
            assertThat(config.isRetryable(new IllegalStateException())).isTrue();
            assertThat(config.isRetryable(new IllegalArgumentException())).isFalse();
        }

        @Test
        void resultPredicate() {
            RetryConfig config = RetryConfig.builder().retryOnResult(r -> r == null || "busy".equals(r)).build();

            assertThat(config.isRetriedResult(null)).isTrue();
            assertThat(config.isRetriedResult("busy")).isTrue();
            assertThat(config.isRetriedResult("done")).isFalse();
            assertThat(RetryConfig.ofDefaults().isRetriedResult(null)).isFalse();
        }
    }

    @Nested
    class Waits {

        @Test
        void fixed() {
            RetryConfig config = RetryConfig.builder().waitDuration(Duration.ofMillis(200)).build();

            assertThat(waits(config, 4)).containsExactly(200L, 200L, 200L, 200L);
        }

        @Test
        void exponentialReachesItsCapAndStaysThere() {
            RetryConfig config = RetryConfig.builder().waitDuration(Duration.ofMillis(100))
                    .enableExponentialBackoff(true).exponentialMaxWaitDuration(Duration.ofMillis(500)).build();

            assertThat(waits(config, 6)).containsExactly(100L, 200L, 400L, 500L, 500L, 500L);
            assertThat(config.waitNanos(100_000, null)).isEqualTo(Duration.ofMillis(500).toNanos());
        }

        @Test
        void exponentialWithOtherMultiplier() {
            RetryConfig config = RetryConfig.builder().waitDuration(Duration.ofMillis(100))
                    .enableExponentialBackoff(true).exponentialBackoffMultiplier(1.5).build();

            assertThat(waits(config, 4)).containsExactly(100L, 150L, 225L, 337L);
        }

        @Test
        void unboundedExponentialSaturatesInsteadOfOverflowing() {
            RetryConfig config = RetryConfig.builder().waitDuration(Duration.ofSeconds(1))
                    .enableExponentialBackoff(true).build();

            assertThat(config.waitNanos(10_000, null)).isEqualTo(Long.MAX_VALUE);
            assertThat(config.waitNanos(Integer.MAX_VALUE, null)).isEqualTo(Long.MAX_VALUE);
        }

        @Test
        void randomizedWaitsStayInsideTheirBoundsAndSpread() {
            RetryConfig config = RetryConfig.builder().waitDuration(Duration.ofMillis(1000))
                    .enableRandomizedWait(true).randomizedWaitFactor(0.2).build();
            long low = Duration.ofMillis(800).toNanos();
            long high = Duration.ofMillis(1200).toNanos();

            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < 10_000; i++) {
                long wait = config.waitNanos(1 + i % 5, null);
                assertThat(wait).isBetween(low, high);
                min = Math.min(min, wait);
                max = Math.max(max, wait);
            }
            // 10 000 uniform draws cover far more than the middle half of the range.
            assertThat(min).isLessThan(Duration.ofMillis(900).toNanos());
            assertThat(max).isGreaterThan(Duration.ofMillis(1100).toNanos());
        }

        @Test
        void randomizedFactorZeroIsExact() {
            RetryConfig config = RetryConfig.builder().waitDuration(Duration.ofMillis(300))
                    .enableRandomizedWait(true).randomizedWaitFactor(0).build();

            assertThat(waits(config, 3)).containsExactly(300L, 300L, 300L);
        }

        @Test
        void randomizedExponentialIsRandomizedAroundEachStepAndNeverAboveTheCap() {
            RetryConfig config = RetryConfig.builder().waitDuration(Duration.ofMillis(100))
                    .enableExponentialBackoff(true).exponentialMaxWaitDuration(Duration.ofMillis(1000))
                    .enableRandomizedWait(true).randomizedWaitFactor(0.5).build();

            boolean reachedCap = false;
            for (int i = 0; i < 2_000; i++) {
                assertThat(config.waitNanos(1, null)).isBetween(ms(50), ms(150));
                assertThat(config.waitNanos(3, null)).isBetween(ms(200), ms(600));
                long capped = config.waitNanos(10, null); // 51.2 s before the cap: randomized around 1 s, then capped
                assertThat(capped).isBetween(ms(500), ms(1000));
                reachedCap |= capped == ms(1000);
            }
            assertThat(reachedCap).isTrue();
        }

        @Test
        void customIntervalFunctionSeesAttemptAndFailure() {
            List<String> calls = new ArrayList<>();
            RetryConfig config = RetryConfig.builder().intervalFunction((attempt, failure) -> {
                calls.add(attempt + " " + (failure == null ? "result" : failure.getMessage()));
                return attempt == 1 ? Duration.ofMillis(7) : attempt == 2 ? null : Duration.ofMillis(-5);
            }).build();

            assertThat(config.waitNanos(1, new IOException("boom"))).isEqualTo(ms(7));
            assertThat(config.waitNanos(2, null)).isZero();
            assertThat(config.waitNanos(3, null)).isZero();
            assertThat(calls).containsExactly("1 boom", "2 result", "3 result");
        }

        private List<Long> waits(RetryConfig config, int retries) {
            List<Long> millis = new ArrayList<>();
            for (int attempt = 1; attempt <= retries; attempt++) {
                millis.add(Duration.ofNanos(config.waitNanos(attempt, null)).toMillis());
            }
            return millis;
        }

        private long ms(long millis) {
            return Duration.ofMillis(millis).toNanos();
        }
    }

    @Nested
    class Presets {

        @Test
        void aggressive() {
            RetryConfig config = RetryConfig.aggressive();

            assertThat(config).hasToString("RetryConfig[maxAttempts=5, waitDuration=PT0.1S, "
                    + "exponentialBackoffMultiplier=2.0, exponentialMaxWaitDuration=PT2S, randomizedWaitFactor=0.5]");
        }

        @Test
        void conservative() {
            assertThat(RetryConfig.conservative())
                    .hasToString("RetryConfig[maxAttempts=3, waitDuration=PT2S, randomizedWaitFactor=0.5]");
        }

        @Test
        void networkRetriesOnlyNetworkFailures() {
            RetryConfig config = RetryConfig.network();

            assertThat(config).hasToString("RetryConfig[maxAttempts=4, waitDuration=PT0.2S, "
                    + "exponentialBackoffMultiplier=2.0, exponentialMaxWaitDuration=PT5S, randomizedWaitFactor=0.5, "
                    + "retryExceptions=[IOException, UncheckedIOException, TimeoutException, TimeoutExceededException]]");
            assertThat(config.isRetryable(new ConnectException())).isTrue();
            assertThat(config.isRetryable(new TimeoutExceededException("backend", Duration.ofSeconds(1)))).isTrue();
            assertThat(config.isRetryable(new UncheckedIOException(new IOException()))).isTrue();
            assertThat(config.isRetryable(new TimeoutException())).isTrue();
            assertThat(config.isRetryable(new IllegalArgumentException())).isFalse();
        }

        @Test
        void presetsAreStartingPoints() {
            RetryConfig config = RetryConfig.from(RetryConfig.network()).maxAttempts(2).build();

            assertThat(config.maxAttempts()).isEqualTo(2);
            assertThat(config.retryExceptions()).hasSize(4);
        }
    }
}
