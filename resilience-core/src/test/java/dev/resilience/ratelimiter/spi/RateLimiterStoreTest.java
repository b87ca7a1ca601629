package dev.resilience.ratelimiter.spi;

import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterStoreTest {

    @Test
    void decisionsRoundTrip() {
        assertThat(Acquisition.isGranted(Acquisition.granted(0))).isTrue();
        assertThat(Acquisition.waitNanos(Acquisition.granted(0))).isZero();
        assertThat(Acquisition.waitNanos(Acquisition.granted(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(Acquisition.isGranted(Acquisition.rejected(0))).isFalse();
        assertThat(Acquisition.retryAfterNanos(Acquisition.rejected(0))).isZero();
        assertThat(Acquisition.retryAfterNanos(Acquisition.rejected(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(Acquisition.describe(Acquisition.granted(5))).isEqualTo("granted, wait 5ns");
        assertThat(Acquisition.describe(Acquisition.rejected(7))).isEqualTo("rejected, retry after 7ns");
    }

    @Test
    void decisionsAreReadOnlyAsWhatTheyAre() {
        assertThatThrownBy(() -> Acquisition.granted(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("waitNanos must not be negative: -1");
        assertThatThrownBy(() -> Acquisition.rejected(-1)).hasMessage("retryAfterNanos must not be negative: -1");
        assertThatThrownBy(() -> Acquisition.waitNanos(Acquisition.rejected(3)))
                .hasMessage("Not a grant: rejected, retry after 3ns");
        assertThatThrownBy(() -> Acquisition.retryAfterNanos(Acquisition.granted(3)))
                .hasMessage("Not a rejection: granted, wait 3ns");
    }

    @Test
    void aLimiterAsksItsStoreAndActsOnTheAnswer() {
        ScriptedStore store = new ScriptedStore();
        List<String> created = new ArrayList<>();
        RateLimiter limiter = RateLimiter.of("remote", RateLimiterConfig.builder().limitForPeriod(10)
                .timeoutDuration(Duration.ofMillis(40)).store((name, key, config) -> {
                    created.add(name + "/" + key + "/" + config.limitForPeriod());
                    return store;
                }).build());

        store.next = Acquisition.granted(0);
        assertThat(limiter.executeSupplier(() -> "ran")).isEqualTo("ran");
        store.next = Acquisition.granted(12_345);
        assertThat(limiter.reservePermission(4)).isEqualTo(12_345);
        store.next = Acquisition.rejected(Duration.ofMillis(250).toNanos());
        assertThatThrownBy(limiter::acquirePermission)
                .isInstanceOfSatisfying(RateLimitExceededException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(250)))
                .hasMessage("Rate limit of 'remote' exceeded (10 per 1s, waiting at most 40ms); retry after 250ms");
        store.next = Acquisition.granted(0);
        assertThat(limiter.tryAcquirePermission(2)).isTrue();

        assertThat(created).containsExactly("remote/null/10");
        assertThat(store.calls).containsExactly("1 within 40000000", "4 within 40000000", "1 within 40000000",
                "2 within 0");
        assertThat(limiter.metrics().availablePermissions()).isEqualTo(17);
    }

    @Test
    void reconfiguringKeepsTheStoreAndChangingItReplacesIt() {
        ScriptedStore first = new ScriptedStore();
        ScriptedStore second = new ScriptedStore();
        RateLimiterStore.Factory firstFactory = (name, key, config) -> first;
        RateLimiterConfig config = RateLimiterConfig.builder().store(firstFactory).build();
        RateLimiter limiter = RateLimiter.of("remote", config);

        limiter.reconfigure(RateLimiterConfig.from(config).limitForPeriod(3).build());
        assertThat(first.reconfiguredTo).isEqualTo(3);

        limiter.reconfigure(RateLimiterConfig.from(config).store((name, key, c) -> second).build());
        limiter.tryAcquirePermission();
        assertThat(second.calls).hasSize(1);
    }

    @Test
    void aKeyedLimiterCreatesOneStorePerKeyAndPassesTheKey() {
        List<Object> keys = new ArrayList<>();
        KeyedRateLimiter keyed = KeyedRateLimiter.of("remote", RateLimiterConfig.builder().store((name, key, c) -> {
            keys.add(key);
            return new ScriptedStore();
        }).build());

        keyed.tryAcquirePermission("alice");
        keyed.tryAcquirePermission("bob");
        keyed.tryAcquirePermission("alice");

        assertThat(keys).containsExactly("alice", "bob");
    }

    @Test
    void theInMemoryStoreIsTheDefault() {
        assertThat(RateLimiterConfig.ofDefaults().store()).isSameAs(RateLimiterStore.inMemory());
        RateLimiterStore store = RateLimiterStore.inMemory().create("x", null, RateLimiterConfig.ofDefaults());
        assertThat(store.acquire(50, 0)).isZero();
        assertThat(Acquisition.isGranted(store.acquire(1, 0))).isFalse();
    }

    /** Answers what the test scripts; records what it was asked. */
    private static final class ScriptedStore implements RateLimiterStore {
        final List<String> calls = new ArrayList<>();
        long next;
        int reconfiguredTo;

        @Override
        public long acquire(int permits, long timeoutNanos) {
            calls.add(permits + " within " + timeoutNanos);
            return next;
        }

        @Override
        public int availablePermissions() {
            return 17;
        }

        @Override
        public void reconfigure(RateLimiterConfig config) {
            reconfiguredTo = config.limitForPeriod();
        }
    }
}
