package dev.resilience.hardening;

import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The clock jumping backwards or standing still (a {@link dev.resilience.core.Ticker} that a VM migration, a
 * broken TSC or a test double can produce): no pattern may throw, grant more than its limit, or leave a state
 * early; when time moves on again they carry on from where they were.
 */
class ClockFaultTest {

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void openBreakerStaysOpenWhileTheClockStandsStillOrGoesBackwards() {
        CircuitBreaker breaker = CircuitBreaker.of("clock", CircuitBreakerConfig.builder().ticker(ticker)
                .waitDurationInOpenState(Duration.ofSeconds(10)).permittedNumberOfCallsInHalfOpenState(1).build());
        breaker.transitionToOpenState();

        for (int i = 0; i < 1_000; i++) {
            assertThat(breaker.tryAcquirePermission()).isFalse();
        }
        ticker.rewind(Duration.ofHours(1));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        // Back to where it was, then the wait: HALF_OPEN, exactly as if nothing had happened.
        ticker.advance(Duration.ofHours(1)).advance(Duration.ofSeconds(9));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).as("one trial permit only").isFalse();
    }

    @Test
    void halfOpenMaxWaitIsNotCutShortByABackwardJump() {
        CircuitBreaker breaker = CircuitBreaker.of("clock", CircuitBreakerConfig.builder().ticker(ticker)
                .permittedNumberOfCallsInHalfOpenState(2).maxWaitDurationInHalfOpenState(Duration.ofSeconds(5))
                .build());
        breaker.transitionToHalfOpenState();
        ticker.rewind(Duration.ofDays(1));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void aCallThatSeemsToTakeNegativeTimeIsRecordedAndNotSlow() {
        CircuitBreaker breaker = CircuitBreaker.of("clock", CircuitBreakerConfig.builder().ticker(ticker)
                .slidingWindowSize(4).minimumNumberOfCalls(4).slowCallDurationThreshold(Duration.ofMillis(1))
                .slowCallRateThreshold(50).build());
        for (int i = 0; i < 4; i++) {
            breaker.executeSupplier(() -> ticker.rewind(Duration.ofSeconds(1)));
        }
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(4);
        assertThat(breaker.metrics().slowCalls()).isZero();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void timeBasedWindowSurvivesTheClockGoingBackwardsAndForwards() {
        CircuitBreaker breaker = CircuitBreaker.of("clock", CircuitBreakerConfig.builder().ticker(ticker)
                .slidingWindowType(SlidingWindowType.TIME_BASED).slidingWindowSize(10).minimumNumberOfCalls(5)
                .failureRateThreshold(50).build());
        for (int i = 0; i < 4; i++) {
            breaker.onSuccess(0);
            ticker.rewind(Duration.ofSeconds(3));
        }
        for (int i = 0; i < 4; i++) {
            breaker.onSuccess(0);
            ticker.advance(Duration.ofSeconds(7));
        }
        CircuitBreaker.Metrics metrics = breaker.metrics();
        assertThat(metrics.bufferedCalls()).isBetween(0, 8);
        assertThat(metrics.successfulCalls() + metrics.failedCalls()).isEqualTo(metrics.bufferedCalls());
        assertThat(metrics.failedCalls()).isZero();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);

        // Still decides on fresh outcomes.
        ticker.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            breaker.onError(0, new IllegalStateException("down"));
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void rateLimiterNeverGrantsMoreThanItsLimitWhileTheClockStandsStill() {
        RateLimiter limiter = RateLimiter.of("clock", RateLimiterConfig.builder().ticker(ticker).limitForPeriod(5)
                .limitRefreshPeriod(Duration.ofSeconds(1)).build());
        int granted = 0;
        for (int i = 0; i < 10_000; i++) {
            granted += limiter.tryAcquirePermission() ? 1 : 0;
        }
        assertThat(granted).isEqualTo(5);
        assertThatThrownBy(limiter::acquirePermission).isInstanceOfSatisfying(RateLimitExceededException.class,
                e -> assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
        ticker.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquirePermission()).isTrue();
    }

    @Test
    void rateLimiterGrantsNothingExtraWhenTheClockJumpsBackwards() {
        RateLimiter limiter = RateLimiter.of("clock", RateLimiterConfig.builder().ticker(ticker).limitForPeriod(5)
                .limitRefreshPeriod(Duration.ofSeconds(1)).build());
        ticker.advance(Duration.ofSeconds(10));
        int granted = drain(limiter);
        assertThat(granted).isEqualTo(5);

        // Backwards into earlier periods, and even before the limiter was created: not one permit more.
        ticker.rewind(Duration.ofSeconds(3));
        assertThat(drain(limiter)).isZero();
        ticker.rewind(Duration.ofDays(1));
        assertThat(drain(limiter)).isZero();
        assertThat(limiter.metrics().availablePermissions()).isLessThanOrEqualTo(5);

        // Forward again, past the period it had reached: a full period's permits, once.
        ticker.advance(Duration.ofDays(1)).advance(Duration.ofSeconds(4));
        assertThat(drain(limiter)).isEqualTo(5);
    }

    @Test
    void keyedRateLimiterKeepsItsBoundWhileTheClockGoesBackwards() {
        KeyedRateLimiter limiter = KeyedRateLimiter.of("clock", RateLimiterConfig.builder().ticker(ticker)
                .limitForPeriod(1).limitRefreshPeriod(Duration.ofSeconds(1)).maxKeys(100).build());
        for (int i = 0; i < 10_000; i++) {
            if (i % 7 == 0) {
                ticker.rewind(Duration.ofMillis(300));
            } else {
                ticker.advance(Duration.ofMillis(100));
            }
            limiter.tryAcquirePermission("key-" + (i % 500));
        }
        assertThat(limiter.size()).isLessThanOrEqualTo(100);
        ticker.advance(Duration.ofDays(1));
        assertThat(limiter.tryAcquirePermission("fresh")).isTrue();
        assertThat(limiter.tryAcquirePermission("fresh")).isFalse();
    }

    @Test
    void openBreakerWithAStoppedClockStillRejectsWithTheRightState() {
        CircuitBreaker breaker = CircuitBreaker.of("clock", CircuitBreakerConfig.builder().ticker(ticker).build());
        breaker.transitionToOpenState();
        assertThatThrownBy(() -> breaker.executeSupplier(() -> "never"))
                .isInstanceOf(CallNotPermittedException.class).hasMessageContaining("OPEN");
    }

    private static int drain(RateLimiter limiter) {
        int granted = 0;
        for (int i = 0; i < 100; i++) {
            granted += limiter.tryAcquirePermission() ? 1 : 0;
        }
        return granted;
    }
}
