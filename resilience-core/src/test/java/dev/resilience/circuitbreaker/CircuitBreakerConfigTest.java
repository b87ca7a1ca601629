package dev.resilience.circuitbreaker;

import dev.resilience.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.resilience.core.InvalidConfigurationException;
import dev.resilience.core.Ticker;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CircuitBreakerConfigTest {

    @Nested
    class Defaults {

        @Test
        void areResilience4jsExceptTheStackTrace() {
            CircuitBreakerConfig config = CircuitBreakerConfig.ofDefaults();

            assertThat(config.slidingWindowType()).isEqualTo(SlidingWindowType.COUNT_BASED);
            assertThat(config.slidingWindowSize()).isEqualTo(100);
            assertThat(config.minimumNumberOfCalls()).isEqualTo(100);
            assertThat(config.failureRateThreshold()).isEqualTo(50f);
            assertThat(config.slowCallRateThreshold()).isEqualTo(100f);
            assertThat(config.slowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(60));
            assertThat(config.permittedNumberOfCallsInHalfOpenState()).isEqualTo(10);
            assertThat(config.maxWaitDurationInHalfOpenState()).isEqualTo(Duration.ZERO);
            assertThat(config.waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(60));
            assertThat(config.automaticTransitionFromOpenToHalfOpenEnabled()).isFalse();
            assertThat(config.recordExceptions()).isEmpty();
            assertThat(config.ignoreExceptions()).isEmpty();
            assertThat(config.recordExceptionPredicate()).isNull();
            assertThat(config.recordResultPredicate()).isNull();
            assertThat(config.writableStackTraceEnabled()).isFalse();
            // 60 s thresholds and waits: a millisecond of precision is plenty.
            assertThat(config.ticker()).isSameAs(Ticker.coarse());
            assertThat(config.clock()).isEqualTo(Clock.systemUTC());
            assertThat(config.scheduler()).isNotNull();
        }

        @Test
        void constantsMatchTheBuiltDefaults() {
            CircuitBreakerConfig config = CircuitBreakerConfig.builder().build();

            assertThat(config.slidingWindowSize()).isEqualTo(CircuitBreakerConfig.DEFAULT_SLIDING_WINDOW_SIZE);
            assertThat(config.minimumNumberOfCalls()).isEqualTo(CircuitBreakerConfig.DEFAULT_MINIMUM_NUMBER_OF_CALLS);
            assertThat(config.waitDurationInOpenState()).isEqualTo(CircuitBreakerConfig.DEFAULT_WAIT_DURATION_IN_OPEN_STATE);
        }
    }

    @Nested
    class DefaultTicker {

        @Test
        void isCoarseWhenEveryMeasuredDurationIsASecondOrMore() {
            assertThat(CircuitBreakerConfig.builder().slowCallDurationThreshold(Duration.ofSeconds(1))
                    .waitDurationInOpenState(Duration.ofSeconds(1)).maxWaitDurationInHalfOpenState(Duration.ofSeconds(5))
                    .build().ticker()).isSameAs(Ticker.coarse());
        }

        @Test
        void isPreciseWhenAnyMeasuredDurationIsShorter() {
            assertThat(CircuitBreakerConfig.builder().slowCallDurationThreshold(Duration.ofMillis(999)).build()
                    .ticker()).isSameAs(Ticker.system());
            assertThat(CircuitBreakerConfig.builder().waitDurationInOpenState(Duration.ofMillis(500)).build()
                    .ticker()).isSameAs(Ticker.system());
            assertThat(CircuitBreakerConfig.builder().maxWaitDurationInHalfOpenState(Duration.ofMillis(200)).build()
                    .ticker()).isSameAs(Ticker.system());
        }

        @Test
        void aGivenTickerAlwaysWins() {
            Ticker fake = () -> 42L;
            assertThat(CircuitBreakerConfig.builder().ticker(fake).build().ticker()).isSameAs(fake);
            assertThat(CircuitBreakerConfig.builder().ticker(Ticker.system()).build().ticker())
                    .as("the way to keep nanosecond durations with long thresholds").isSameAs(Ticker.system());
            assertThat(CircuitBreakerConfig.builder().slowCallDurationThreshold(Duration.ofMillis(1))
                    .ticker(Ticker.coarse()).build().ticker()).isSameAs(Ticker.coarse());
        }

        @Test
        void fromKeepsAGivenTickerAndOtherwiseChoosesAgain() {
            CircuitBreakerConfig coarse = CircuitBreakerConfig.ofDefaults();
            assertThat(CircuitBreakerConfig.from(coarse).slowCallDurationThreshold(Duration.ofMillis(100)).build()
                    .ticker()).isSameAs(Ticker.system());
            CircuitBreakerConfig given = CircuitBreakerConfig.builder().ticker(Ticker.system()).build();
            assertThat(CircuitBreakerConfig.from(given).build().ticker()).isSameAs(Ticker.system());
        }
    }

    @Nested
    class Validation {

        @Test
        void failureRateThresholdMustBeAPercentageAboveZero() {
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureRateThreshold(150))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid 'failure-rate-threshold' (150.0): must be greater than 0 and at most 100");
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureRateThreshold(0))
                    .hasMessage("Invalid 'failure-rate-threshold' (0.0): must be greater than 0 and at most 100");
            assertThat(CircuitBreakerConfig.builder().failureRateThreshold(100).build().failureRateThreshold())
                    .isEqualTo(100f);
        }

        @Test
        void slowCallRateThresholdMustBeAPercentageAboveZero() {
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().slowCallRateThreshold(-1))
                    .hasMessage("Invalid 'slow-call-rate-threshold' (-1.0): must be greater than 0 and at most 100");
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().slowCallRateThreshold(Float.NaN))
                    .hasMessage("Invalid 'slow-call-rate-threshold' (NaN): must be greater than 0 and at most 100");
        }

        @Test
        void windowSizeIsBounded() {
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().slidingWindowSize(0))
                    .hasMessage("Invalid 'sliding-window-size' (0): must be between 1 and 1000000");
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().slidingWindowSize(1_000_001))
                    .hasMessage("Invalid 'sliding-window-size' (1000001): must be between 1 and 1000000");
            assertThat(CircuitBreakerConfig.builder().slidingWindowSize(1_000_000).build().slidingWindowSize())
                    .isEqualTo(1_000_000);
        }

        @Test
        void aTimeBasedWindowCoversAtMostOneDay() {
            CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder()
                    .slidingWindowSize(86_401).slidingWindowType(SlidingWindowType.TIME_BASED);

            assertThatThrownBy(builder::build)
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid 'sliding-window-size' (86401): "
                            + "must be between 1 and 86400 (seconds) for a time-based window");
            assertThat(builder.slidingWindowSize(86_400).build().slidingWindowSize()).isEqualTo(86_400);
        }

        @Test
        void countsMustBePositive() {
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().minimumNumberOfCalls(0))
                    .hasMessage("Invalid 'minimum-number-of-calls' (0): must be at least 1");
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().permittedNumberOfCallsInHalfOpenState(0))
                    .hasMessage("Invalid 'permitted-number-of-calls-in-half-open-state' (0): "
                            + "must be between 1 and 1000000");
        }

        @Test
        void durationsAreChecked() {
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().waitDurationInOpenState(Duration.ZERO))
                    .hasMessage("Invalid 'wait-duration-in-open-state' (PT0S): must be greater than zero");
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().waitDurationInOpenState(Duration.ofSeconds(-5)))
                    .hasMessage("Invalid 'wait-duration-in-open-state' (PT-5S): must be greater than zero");
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().slowCallDurationThreshold(Duration.ZERO))
                    .hasMessage("Invalid 'slow-call-duration-threshold' (PT0S): must be greater than zero");
            assertThatThrownBy(() -> CircuitBreakerConfig.builder()
                    .maxWaitDurationInHalfOpenState(Duration.ofMillis(-1)))
                    .hasMessage("Invalid 'max-wait-duration-in-half-open-state' (PT-0.001S): must not be negative");
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().waitDurationInOpenState(null))
                    .hasMessage("Invalid 'wait-duration-in-open-state' (null): must not be null");
            assertThat(CircuitBreakerConfig.builder().maxWaitDurationInHalfOpenState(Duration.ZERO).build()
                    .maxWaitDurationInHalfOpenState()).isZero();
        }

        @Test
        void exceptionListsMustNotContainNull() {
            List<Class<? extends Throwable>> withNull = new ArrayList<>();
            withNull.add(null);
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().recordExceptions(withNull))
                    .hasMessage("Invalid 'record-exceptions' (null): must not be null");
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().ignoreExceptions((List<Class<? extends Throwable>>) null))
                    .hasMessage("Invalid 'ignore-exceptions' (null): must not be null");
        }

        @Test
        void collaboratorsMustNotBeNull() {
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().ticker(null))
                    .hasMessage("Invalid 'ticker' (null): must not be null");
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().clock(null))
                    .hasMessage("Invalid 'clock' (null): must not be null");
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().scheduler(null))
                    .hasMessage("Invalid 'scheduler' (null): must not be null");
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().slidingWindowType(null))
                    .hasMessage("Invalid 'sliding-window-type' (null): must not be null");
            assertThatThrownBy(() -> CircuitBreakerConfig.builder().recordResult(null))
                    .hasMessage("Invalid 'record-result' (null): must not be null");
        }
    }

    @Nested
    class Copies {

        @Test
        void buildCopiesTheListsSoTheBuilderCanBeReused() {
            List<Class<? extends Throwable>> recorded = new ArrayList<>(List.of(IOException.class));
            CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder().recordExceptions(recorded);
            CircuitBreakerConfig first = builder.build();

            recorded.add(IllegalStateException.class);
            CircuitBreakerConfig second = builder.ignoreExceptions(IllegalArgumentException.class).build();

            assertThat(first.recordExceptions()).containsExactly(IOException.class);
            assertThat(first.ignoreExceptions()).isEmpty();
            assertThat(second.ignoreExceptions()).containsExactly(IllegalArgumentException.class);
            assertThatThrownBy(() -> first.recordExceptions().add(Error.class))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void fromStartsWithEveryValueOfTheBaseAndLeavesTheBaseAlone() {
            Predicate<Object> nullIsBad = result -> result == null;
            ManualTicker ticker = new ManualTicker();
            CircuitBreakerConfig base = CircuitBreakerConfig.builder()
                    .slidingWindowType(SlidingWindowType.TIME_BASED).slidingWindowSize(30).minimumNumberOfCalls(7)
                    .failureRateThreshold(25).slowCallRateThreshold(80)
                    .slowCallDurationThreshold(Duration.ofMillis(300)).permittedNumberOfCallsInHalfOpenState(3)
                    .maxWaitDurationInHalfOpenState(Duration.ofSeconds(9)).waitDurationInOpenState(Duration.ofSeconds(4))
                    .automaticTransitionFromOpenToHalfOpenEnabled(true).recordExceptions(IOException.class)
                    .ignoreExceptions(IllegalArgumentException.class).recordResult(nullIsBad)
                    .writableStackTraceEnabled(true).ticker(ticker)
                    .build();

            CircuitBreakerConfig derived = CircuitBreakerConfig.from(base).failureRateThreshold(60).build();

            assertThat(derived.failureRateThreshold()).isEqualTo(60f);
            assertThat(base.failureRateThreshold()).isEqualTo(25f);
            assertThat(derived).usingRecursiveComparison().ignoringFields("failureRateThreshold", "exceptionClassifier")
                    .isEqualTo(base);
            assertThat(derived.toString()).isEqualTo(base.toString().replace("failureRateThreshold=25.0",
                    "failureRateThreshold=60.0"));
        }
    }

    @Test
    void toStringNamesEverySetting() {
        assertThat(CircuitBreakerConfig.builder().recordExceptions(IOException.class).build().toString())
                .isEqualTo("CircuitBreakerConfig[slidingWindowType=COUNT_BASED, slidingWindowSize=100, "
                        + "minimumNumberOfCalls=100, failureRateThreshold=50.0, slowCallRateThreshold=100.0, "
                        + "slowCallDurationThreshold=PT1M, permittedNumberOfCallsInHalfOpenState=10, "
                        + "maxWaitDurationInHalfOpenState=PT0S, waitDurationInOpenState=PT1M, "
                        + "automaticTransitionFromOpenToHalfOpenEnabled=false, recordExceptions=[java.io.IOException], "
                        + "ignoreExceptions=[], writableStackTraceEnabled=false]");
    }
}
