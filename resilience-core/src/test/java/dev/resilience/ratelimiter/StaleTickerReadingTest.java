package dev.resilience.ratelimiter;

import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression (issue 8, defect 2): a thread that read the ticker just before a period boundary and reached the
 * compare-and-set after another thread had taken a permit of the new period was rejected with a retry-after
 * of "the rest of the old period", although the new period had almost all its permits (seen with 2 threads and
 * 10<sup>9</sup> permits per second). The limiter now re-reads the ticker before it rejects or reserves a wait,
 * so a stale reading never turns into a rejection.
 *
 * <p>Deterministic: the ticker answers each thread from its own script first ({@link #readsOnThisThread}),
 * which is exactly what a thread that was descheduled between its ticker read and its CAS sees.
 */
class StaleTickerReadingTest {

    static final long PERIOD = Duration.ofSeconds(1).toNanos();

    /** The shared clock; {@code readsOnThisThread} scripts a stale reading (taken before the current time). */
    final ManualTicker ticker = new ManualTicker(5 * PERIOD + 123);
    final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopTheOtherThread() {
        other.shutdownNow();
    }

    RateLimiterConfig.Builder config() {
        return RateLimiterConfig.builder().ticker(ticker).limitForPeriod(10)
                .limitRefreshPeriod(Duration.ofNanos(PERIOD)).timeoutDuration(Duration.ZERO);
    }

    /** Runs {@code action} on another thread whose first ticker reading is {@code staleReading}. */
    <T> T onAStaleThread(long staleReading, Supplier<T> action) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            ticker.readsOnThisThread(staleReading);
            return action.get();
        }, other).get(10, TimeUnit.SECONDS);
    }

    /** Moves the clock just past the next period boundary and returns a reading from just before it. */
    long crossTheBoundary(long origin) {
        long boundary = origin + PERIOD;
        ticker.set(boundary + 1_000);
        return boundary - 1;
    }

    @Test
    void aStaleReadingDoesNotRejectWhileTheNewPeriodHasPermits() throws Exception {
        long origin = ticker.now();
        RateLimiter limiter = RateLimiter.of("api", config().build());
        long stale = crossTheBoundary(origin);
        assertThat(limiter.tryAcquirePermission()).as("a thread with a fresh reading takes a permit").isTrue();

        Boolean permitted = onAStaleThread(stale, limiter::tryAcquirePermission);

        assertThat(permitted).as("9 of 10 permits of the current period are free").isTrue();
        assertThat(limiter.metrics().availablePermissions()).isEqualTo(8);
    }

    @Test
    void theThrowingAndAsynchronousPathsToo() throws Exception {
        long origin = ticker.now();
        RateLimiter limiter = RateLimiter.of("api", config().build());
        long stale = crossTheBoundary(origin);
        limiter.acquirePermission();

        String result = onAStaleThread(stale, () -> limiter.executeSupplier(() -> "ran"));
        assertThat(result).isEqualTo("ran");
        String later = onAStaleThread(stale, () -> limiter.executeCompletionStage(
                () -> CompletableFuture.completedFuture("ran later")).toCompletableFuture().join());
        assertThat(later).isEqualTo("ran later");
    }

    @Test
    void aStaleReadingReservesNoNeedlessWait() throws Exception {
        long origin = ticker.now();
        RateLimiter limiter = RateLimiter.of("api", config().timeoutDuration(Duration.ofSeconds(5)).build());
        long boundary = origin + PERIOD;
        ticker.set(boundary + 1_000);
        assertThat(limiter.reservePermission()).isZero();

        long wait = onAStaleThread(boundary - 4_000_000, limiter::reservePermission);

        assertThat(wait).as("the permit is free now; a 4 ms old reading must not make the caller wait").isZero();
    }

    @Test
    void aFullPeriodIsStillFullAndTheRetryAfterIsExact() throws Exception {
        long origin = ticker.now();
        RateLimiter limiter = RateLimiter.of("api", config().build());
        long stale = crossTheBoundary(origin);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquirePermission()).isTrue();
        }

        RateLimitExceededException rejected = onAStaleThread(stale, () -> {
            try {
                limiter.acquirePermission();
                return null;
            } catch (RateLimitExceededException e) {
                return e;
            }
        });

        assertThat(rejected).isNotNull();
        assertThat(rejected.retryAfter()).as("until the period after the current one").isEqualTo(
                Duration.ofNanos(PERIOD - 1_000));
    }

    @Test
    void aKeyedLimiterWhoseKeyWasLookedUpWithAStaleReading() throws Exception {
        long origin = ticker.now();
        KeyedRateLimiter limiter = KeyedRateLimiter.of("per-user", config().build());
        assertThat(limiter.tryAcquirePermission("alice")).isTrue(); // alice's periods start at origin
        long stale = crossTheBoundary(origin);
        assertThat(limiter.tryAcquirePermission("alice")).isTrue();

        Boolean permitted = onAStaleThread(stale, () -> limiter.tryAcquirePermission("alice"));

        assertThat(permitted).isTrue();
        assertThat(limiter.limiterFor("alice").metrics().availablePermissions()).isEqualTo(8);
    }
}
