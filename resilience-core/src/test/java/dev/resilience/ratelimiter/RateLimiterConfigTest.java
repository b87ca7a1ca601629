package dev.resilience.ratelimiter;

import dev.resilience.core.InvalidConfigurationException;
import dev.resilience.core.Ticker;
import dev.resilience.core.internal.SharedScheduler;
import dev.resilience.ratelimiter.spi.RateLimiterStore;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterConfigTest {

    @Nested
    class Defaults {

        @Test
        void matchTheContract() {
            RateLimiterConfig config = RateLimiterConfig.ofDefaults();

            assertThat(config.limitForPeriod()).isEqualTo(50);
            assertThat(config.limitRefreshPeriod()).isEqualTo(Duration.ofSeconds(1));
            assertThat(config.timeoutDuration()).isZero();
            assertThat(config.maxKeys()).isEqualTo(10_000);
            assertThat(config.writableStackTraceEnabled()).isFalse();
            assertThat(config.ticker()).as("1 s periods are cut to the millisecond").isSameAs(Ticker.coarse());
            assertThat(config.clock()).isEqualTo(Clock.systemUTC());
            assertThat(config.scheduler()).as("resolved, as on every pattern").isSameAs(SharedScheduler.get());
            assertThat(config.storeFactory()).isSameAs(RateLimiterStore.inMemory());
        }

        @Test
        void tickerIsCoarseForPeriodsOfASecondOrMoreAndPreciseBelowUnlessGiven() {
            assertThat(RateLimiterConfig.builder().limitRefreshPeriod(Duration.ofMinutes(1)).build().ticker())
                    .isSameAs(Ticker.coarse());
            assertThat(RateLimiterConfig.builder().limitRefreshPeriod(Duration.ofMillis(999)).build().ticker())
                    .isSameAs(Ticker.system());
            assertThat(RateLimiterConfig.builder().ticker(Ticker.system()).build().ticker()).isSameAs(Ticker.system());
            RateLimiterConfig given = RateLimiterConfig.builder().ticker(Ticker.system()).build();
            assertThat(RateLimiterConfig.from(given).build().ticker()).isSameAs(Ticker.system());
            assertThat(RateLimiterConfig.from(RateLimiterConfig.ofDefaults()).limitRefreshPeriod(Duration.ofMillis(10))
                    .build().ticker()).isSameAs(Ticker.system());
        }

        @Test
        void areTheNamedConstants() {
            assertThat(RateLimiterConfig.DEFAULT_LIMIT_FOR_PERIOD).isEqualTo(50);
            assertThat(RateLimiterConfig.DEFAULT_LIMIT_REFRESH_PERIOD).isEqualTo(Duration.ofSeconds(1));
            assertThat(RateLimiterConfig.DEFAULT_TIMEOUT_DURATION).isEqualTo(Duration.ZERO);
            assertThat(RateLimiterConfig.DEFAULT_MAX_KEYS).isEqualTo(10_000);
            assertThat(RateLimiterConfig.DEFAULT_WRITABLE_STACK_TRACE_ENABLED).isFalse();
            assertThat(RateLimiterConfig.builder().build().toString())
                    .isEqualTo(RateLimiterConfig.ofDefaults().toString());
        }

        @Test
        void toStringShowsTheValues() {
            assertThat(RateLimiterConfig.builder().limitForPeriod(10).limitRefreshPeriod(Duration.ofMillis(1500))
                    .timeoutDuration(Duration.ofMillis(250)).build())
                    .hasToString("RateLimiterConfig[limitForPeriod=10, limitRefreshPeriod=1500ms, "
                            + "timeoutDuration=250ms, maxKeys=10000, writableStackTraceEnabled=false]");
        }
    }

    @Nested
    class Validation {

        @Test
        void limitForPeriodAtLeastOne() {
            assertThatThrownBy(() -> RateLimiterConfig.builder().limitForPeriod(0))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid 'limit-for-period' (0): must be at least 1");
            assertThat(RateLimiterConfig.builder().limitForPeriod(1).build().limitForPeriod()).isEqualTo(1);
        }

        @Test
        void limitRefreshPeriodPositive() {
            assertThatThrownBy(() -> RateLimiterConfig.builder().limitRefreshPeriod(Duration.ZERO))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid 'limit-refresh-period' (PT0S): must be greater than zero");
            assertThatThrownBy(() -> RateLimiterConfig.builder().limitRefreshPeriod(Duration.ofMillis(-5)))
                    .hasMessage("Invalid 'limit-refresh-period' (PT-0.005S): must be greater than zero");
            assertThatThrownBy(() -> RateLimiterConfig.builder().limitRefreshPeriod(null))
                    .hasMessage("Invalid 'limit-refresh-period' (null): must not be null");
            assertThat(RateLimiterConfig.builder().limitRefreshPeriod(Duration.ofNanos(1)).build()
                    .limitRefreshPeriod()).isEqualTo(Duration.ofNanos(1));
        }

        @Test
        void timeoutDurationNotNegative() {
            assertThatThrownBy(() -> RateLimiterConfig.builder().timeoutDuration(Duration.ofSeconds(-1)))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("Invalid 'timeout-duration' (PT-1S): must not be negative");
            assertThat(RateLimiterConfig.builder().timeoutDuration(Duration.ZERO).build().timeoutDuration()).isZero();
        }

        @Test
        void maxKeysAtLeastOne() {
            InvalidConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                    InvalidConfigurationException.class, () -> RateLimiterConfig.builder().maxKeys(0));
            assertThat(e).hasMessage("Invalid 'max-keys' (0): must be at least 1");
            assertThat(e.property()).isEqualTo("max-keys");
            assertThat(e.value()).isEqualTo(0);
            assertThat(e).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void collaboratorsNotNull() {
            assertThatThrownBy(() -> RateLimiterConfig.builder().ticker(null))
                    .hasMessage("Invalid 'ticker' (null): must not be null");
            assertThatThrownBy(() -> RateLimiterConfig.builder().clock(null))
                    .hasMessage("Invalid 'clock' (null): must not be null");
            assertThatThrownBy(() -> RateLimiterConfig.builder().scheduler(null))
                    .hasMessage("Invalid 'scheduler' (null): must not be null");
            assertThatThrownBy(() -> RateLimiterConfig.builder().store(null))
                    .hasMessage("Invalid 'store' (null): must not be null");
        }
    }

    @Nested
    class Copies {

        @Test
        void fromCopiesEveryValueAndLeavesTheBaseAlone() {
            ManualTicker ticker = new ManualTicker();
            Clock clock = Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC);
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            RateLimiterStore.Factory store = (name, key, config) -> null;
            try {
                RateLimiterConfig base = RateLimiterConfig.builder().limitForPeriod(7)
                        .limitRefreshPeriod(Duration.ofMillis(100)).timeoutDuration(Duration.ofMillis(20)).maxKeys(3)
                        .writableStackTraceEnabled(true).ticker(ticker).clock(clock).scheduler(scheduler)
                        .store(store).build();

                RateLimiterConfig derived = RateLimiterConfig.from(base).limitForPeriod(8).build();

                assertThat(derived.limitForPeriod()).isEqualTo(8);
                assertThat(base.limitForPeriod()).isEqualTo(7);
                assertThat(derived.limitRefreshPeriod()).isEqualTo(Duration.ofMillis(100));
                assertThat(derived.timeoutDuration()).isEqualTo(Duration.ofMillis(20));
                assertThat(derived.maxKeys()).isEqualTo(3);
                assertThat(derived.writableStackTraceEnabled()).isTrue();
                assertThat(derived.ticker()).isSameAs(ticker);
                assertThat(derived.clock()).isSameAs(clock);
                assertThat(derived.scheduler()).isSameAs(scheduler);
                assertThat(derived.storeFactory()).isSameAs(store);
            } finally {
                scheduler.shutdownNow();
            }
        }

        @Test
        void aBuilderCanBeReusedWithoutChangingWhatItBuilt() {
            RateLimiterConfig.Builder builder = RateLimiterConfig.builder().limitForPeriod(3);
            RateLimiterConfig first = builder.build();
            builder.limitForPeriod(4);

            assertThat(first.limitForPeriod()).isEqualTo(3);
            assertThat(builder.build().limitForPeriod()).isEqualTo(4);
        }
    }
}
