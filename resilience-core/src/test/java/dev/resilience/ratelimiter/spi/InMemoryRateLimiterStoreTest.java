package dev.resilience.ratelimiter.spi;

import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRateLimiterStoreTest {

    private final ManualTicker ticker = new ManualTicker(Long.MAX_VALUE - 1_000);

    @Test
    void tickerReadingsThatWrapAroundStillCutPeriods() {
        InMemoryRateLimiterStore store = store(2, Duration.ofNanos(1_500));
        assertThat(store.acquire(2, 0)).isZero();

        ticker.advance(1_500);

        assertThat(store.acquire(2, 0)).as("the reading wrapped past Long.MAX_VALUE").isZero();
        assertThat(Acquisition.retryAfterNanos(store.acquire(1, 0))).isEqualTo(1_500);
    }

    @Test
    void anAbsurdRateIsReBasedBeforeItsNumberingOverflows() {
        InMemoryRateLimiterStore store = store(Integer.MAX_VALUE, Duration.ofNanos(1));
        assertThat(store.acquire(Integer.MAX_VALUE, 0)).isZero();

        // 2^31 periods of 2^31 - 1 permits: far past what fits in a long without re-basing.
        ticker.advance(1L << 33);

        assertThat(store.acquire(Integer.MAX_VALUE, 0)).isZero();
        assertThat(Acquisition.retryAfterNanos(store.acquire(1, 0))).isEqualTo(1);
        assertThat(store.availablePermissions()).isZero();
        ticker.advance(1);
        assertThat(store.availablePermissions()).isEqualTo(Integer.MAX_VALUE);
        assertThat(store.acquire(5, 3)).isZero();
    }

    @Test
    void anAbsurdRateIdleForVeryLongReportsAndReconfiguresWithoutOverflow() {
        InMemoryRateLimiterStore store = store(Integer.MAX_VALUE, Duration.ofNanos(1));
        store.acquire(Integer.MAX_VALUE, 0);
        ticker.advance(1L << 33);

        assertThat(store.availablePermissions()).isEqualTo(Integer.MAX_VALUE);
        store.reconfigure(RateLimiterConfig.builder().limitForPeriod(Integer.MAX_VALUE - 1)
                .limitRefreshPeriod(Duration.ofNanos(1)).ticker(ticker).build());
        assertThat(store.availablePermissions()).isEqualTo(Integer.MAX_VALUE - 1);
        assertThat(store.acquire(Integer.MAX_VALUE - 1, 0)).isZero();
        assertThat(store.availablePermissions()).isZero();
    }

    @Test
    void waitsBeyondTheTimeoutSaturateInsteadOfOverflowing() {
        InMemoryRateLimiterStore store = store(1, Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(store.acquire(1, Long.MAX_VALUE)).isZero();

        long decision = store.acquire(1, 0);

        assertThat(Acquisition.isGranted(decision)).isFalse();
        assertThat(Acquisition.retryAfterNanos(decision)).isPositive();
    }

    @Test
    void availablePermissionsAreClampedToAnInt() {
        InMemoryRateLimiterStore store = store(Integer.MAX_VALUE, Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            assertThat(Acquisition.isGranted(store.acquire(Integer.MAX_VALUE, Long.MAX_VALUE))).isTrue();
        }

        assertThat(store.availablePermissions()).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void describesItself() {
        InMemoryRateLimiterStore store = store(3, Duration.ofMillis(250));
        store.acquire(1, 0);

        assertThat(store).hasToString("InMemoryRateLimiterStore[limit=3 per 250ms, available=2]");
    }

    private InMemoryRateLimiterStore store(int limit, Duration period) {
        RateLimiterConfig config = RateLimiterConfig.builder().limitForPeriod(limit).limitRefreshPeriod(period)
                .ticker(ticker).build();
        return new InMemoryRateLimiterStore(config, ticker.read());
    }
}
