package dev.resilience.ratelimiter;

import dev.resilience.core.Pipeline;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RateLimiterTest {

    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final ManualTicker ticker = new ManualTicker();

    private RateLimiterConfig.Builder config(int limit) {
        return RateLimiterConfig.builder().limitForPeriod(limit).limitRefreshPeriod(PERIOD).ticker(ticker);
    }

    private RateLimiter limiter(int limit) {
        return RateLimiter.of("backend", config(limit).build());
    }

    private RateLimiter limiter(int limit, Duration timeout) {
        return RateLimiter.of("backend", config(limit).timeoutDuration(timeout).build());
    }

    @Nested
    class Periods {

        @Test
        void grantsLimitForPeriodThenRejects() {
            RateLimiter limiter = limiter(3);

            assertThat(limiter.tryAcquirePermission()).isTrue();
            assertThat(limiter.tryAcquirePermission()).isTrue();
            assertThat(limiter.tryAcquirePermission()).isTrue();
            assertThat(limiter.tryAcquirePermission()).isFalse();
            assertThat(limiter.metrics().availablePermissions()).isZero();
        }

        @Test
        void renewsExactlyAtThePeriodBoundary() {
            RateLimiter limiter = limiter(2);
            assertThat(limiter.tryAcquirePermission(2)).isTrue();

            ticker.advance(PERIOD.minusNanos(1));
            assertThat(limiter.tryAcquirePermission()).as("one nanosecond before the boundary").isFalse();
            assertThat(limiter.metrics().availablePermissions()).isZero();

            ticker.advance(1);
            assertThat(limiter.metrics().availablePermissions()).as("exactly at the boundary").isEqualTo(2);
            assertThat(limiter.tryAcquirePermission()).isTrue();
            assertThat(limiter.tryAcquirePermission()).isTrue();
            assertThat(limiter.tryAcquirePermission()).isFalse();
        }

        @Test
        void periodsAreCutFromCreationNotFromFirstUse() {
            RateLimiter limiter = limiter(1);
            ticker.advance(Duration.ofMillis(900));
            assertThat(limiter.tryAcquirePermission()).isTrue();

            ticker.advance(Duration.ofMillis(100));

            assertThat(limiter.tryAcquirePermission()).as("a new period started 1s after creation").isTrue();
        }

        @Test
        void unusedPermitsDoNotCarryOver() {
            RateLimiter limiter = limiter(2);

            ticker.advance(PERIOD.multipliedBy(5));

            assertThat(limiter.metrics().availablePermissions()).isEqualTo(2);
            assertThat(limiter.tryAcquirePermission(2)).isTrue();
            assertThat(limiter.tryAcquirePermission()).isFalse();
        }

        @Test
        void aRequestForSeveralPermitsIsAllOrNothing() {
            RateLimiter limiter = limiter(5);
            assertThat(limiter.tryAcquirePermission(3)).isTrue();

            assertThat(limiter.tryAcquirePermission(3)).isFalse();

            assertThat(limiter.metrics().availablePermissions()).as("nothing taken by the refusal").isEqualTo(2);
            assertThat(limiter.tryAcquirePermission(2)).isTrue();
        }

        @Test
        void permitsOutsideOneToLimitAreAProgrammingError() {
            RateLimiter limiter = limiter(5);

            assertThatThrownBy(() -> limiter.tryAcquirePermission(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot acquire 0 permits at once from rate limiter 'backend': "
                            + "must be between 1 and limit-for-period (5)");
            assertThatThrownBy(() -> limiter.acquirePermission(6))
                    .hasMessage("Cannot acquire 6 permits at once from rate limiter 'backend': "
                            + "must be between 1 and limit-for-period (5)");
            assertThatThrownBy(() -> limiter.reservePermission(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class ZeroTimeout {

        @Test
        void rejectsAtOnceWithTheTimeUntilTheNextPeriod() {
            RateLimiter limiter = limiter(2);
            limiter.acquirePermission();
            limiter.acquirePermission();
            ticker.advance(Duration.ofMillis(680));

            assertThatThrownBy(limiter::acquirePermission)
                    .isInstanceOfSatisfying(RateLimitExceededException.class, e -> {
                        assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(320));
                        assertThat(e.name()).isEqualTo("backend");
                        assertThat(e.getStackTrace()).as("no stack trace by default").isEmpty();
                        assertThat(e.getCause()).isNull();
                    })
                    .hasMessage("Rate limit of 'backend' exceeded (2 per 1s); retry after 320ms");
            assertThat(limiter.metrics().numberOfWaitingThreads()).isZero();
        }

        @Test
        void retryAfterIsRoundedUpInTheMessageAndExactInTheException() {
            RateLimiter limiter = limiter(1);
            limiter.acquirePermission();
            ticker.advance(Duration.ofMillis(999).plusNanos(1));

            assertThatThrownBy(limiter::acquirePermission)
                    .isInstanceOfSatisfying(RateLimitExceededException.class,
                            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofNanos(999_999)))
                    .hasMessage("Rate limit of 'backend' exceeded (1 per 1s); retry after 1ms");
        }

        @Test
        void theMessageNamesSeveralPermits() {
            RateLimiter limiter = limiter(5);
            limiter.acquirePermission(4);

            assertThatThrownBy(() -> limiter.acquirePermission(2))
                    .hasMessage("Rate limit of 'backend' exceeded (5 per 1s) for 2 permits; retry after 1000ms");
        }

        @Test
        void aRejectedCallDoesNotRun() {
            RateLimiter limiter = limiter(1);
            AtomicInteger runs = new AtomicInteger();
            limiter.executeRunnable(runs::incrementAndGet);

            assertThatThrownBy(() -> limiter.executeRunnable(runs::incrementAndGet))
                    .isInstanceOf(RateLimitExceededException.class);
            assertThat(runs).hasValue(1);
        }

        @Test
        void aStackTraceWhenAskedFor() {
            RateLimiter limiter = RateLimiter.of("backend", config(1).writableStackTraceEnabled(true).build());
            limiter.acquirePermission();

            assertThatThrownBy(limiter::acquirePermission)
                    .satisfies(e -> assertThat(e.getStackTrace()).isNotEmpty());
        }
    }

    @Nested
    class RetryAfter {

        @Test
        void countsTheReservationsOfWaitingCallersAhead() {
            RateLimiter limiter = limiter(2, Duration.ofMillis(1500));
            ticker.advance(Duration.ofMillis(300));
            assertThat(limiter.reservePermission()).isZero();
            assertThat(limiter.reservePermission()).isZero();
            assertThat(limiter.reservePermission()).as("first period after this one").isEqualTo(700_000_000L);
            assertThat(limiter.reservePermission()).isEqualTo(700_000_000L);
            assertThat(limiter.metrics().availablePermissions()).isEqualTo(-2);

            assertThatThrownBy(limiter::acquirePermission)
                    .isInstanceOfSatisfying(RateLimitExceededException.class,
                            e -> assertThat(e.retryAfter()).as("the period after the reserved one")
                                    .isEqualTo(Duration.ofMillis(1700)))
                    .hasMessage("Rate limit of 'backend' exceeded (2 per 1s, waiting at most 1500ms); "
                            + "retry after 1700ms");
            assertThat(limiter.reservePermission()).as("a refusal reserves nothing").isEqualTo(-1L);
            assertThat(limiter.metrics().availablePermissions()).isEqualTo(-2);
        }

        @Test
        void laterCallersQueueBehindAReservation() {
            RateLimiter limiter = limiter(5, Duration.ofSeconds(1));
            limiter.acquirePermission(3);
            ticker.advance(Duration.ofMillis(400));

            assertThat(limiter.reservePermission(3)).as("three do not fit in this period")
                    .isEqualTo(600_000_000L);

            assertThat(limiter.tryAcquirePermission()).as("first come, first served").isFalse();
            ticker.advance(Duration.ofMillis(600));
            assertThat(limiter.metrics().availablePermissions()).isEqualTo(2);
        }

        @Test
        void aBatchNeverStraddlesTwoPeriods() {
            RateLimiter limiter = limiter(4, Duration.ofSeconds(5));
            limiter.acquirePermission(3);

            assertThat(limiter.reservePermission(2)).isEqualTo(1_000_000_000L);
            assertThat(limiter.reservePermission(3)).as("2 + 3 > 4: the period after").isEqualTo(2_000_000_000L);
            assertThat(limiter.reservePermission(1)).isEqualTo(2_000_000_000L);
            assertThat(limiter.reservePermission(1)).isEqualTo(3_000_000_000L);
        }
    }

    @Nested
    class Waiting {

        @Test
        void aCallerWaitsForItsPeriodThenProceeds() throws Exception {
            RateLimiter limiter = limiter(1, Duration.ofSeconds(2));
            limiter.acquirePermission();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger runs = new AtomicInteger();
            Thread waiter = new Thread(() -> {
                try {
                    limiter.executeRunnable(runs::incrementAndGet);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            waiter.start();

            await().until(() -> limiter.metrics().numberOfWaitingThreads() == 1);
            LockSupport.unpark(waiter);
            ticker.advance(PERIOD.minusNanos(1));
            LockSupport.unpark(waiter);
            waiter.join(50);
            assertThat(waiter.isAlive()).as("a wake-up before the period re-checks the ticker").isTrue();
            assertThat(runs).hasValue(0);

            ticker.advance(1);
            LockSupport.unpark(waiter);
            waiter.join(10_000);

            assertThat(waiter.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
            assertThat(runs).hasValue(1);
            assertThat(limiter.metrics().numberOfWaitingThreads()).isZero();
        }

        @Test
        void anInterruptedWaiterGivesUpAndKeepsItsInterruptFlag() throws Exception {
            RateLimiter limiter = limiter(1, Duration.ofSeconds(2));
            limiter.acquirePermission();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<Boolean> interrupted = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    limiter.acquirePermission();
                } catch (Throwable t) {
                    failure.set(t);
                    interrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            waiter.start();
            await().until(() -> limiter.metrics().numberOfWaitingThreads() == 1);

            waiter.interrupt();
            waiter.join(10_000);

            assertThat(interrupted.get()).isTrue();
            assertThat(failure.get()).isInstanceOfSatisfying(RateLimitExceededException.class, e -> {
                assertThat(e.retryAfter()).isEqualTo(PERIOD);
                assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
            }).hasMessage("Interrupted while waiting 1000ms for a permit of rate limiter 'backend'");
            assertThat(limiter.metrics().numberOfWaitingThreads()).isZero();
            assertThat(limiter.metrics().availablePermissions()).as("the reserved permit stays taken").isEqualTo(-1);
        }

        @Test
        void tryAcquireNeverWaits() {
            RateLimiter limiter = limiter(1, Duration.ofHours(1));
            assertThat(limiter.tryAcquirePermission()).isTrue();

            assertThat(limiter.tryAcquirePermission()).isFalse();
            assertThat(limiter.metrics().availablePermissions()).as("nothing reserved").isZero();
        }
    }

    @Nested
    class Listeners {

        private final List<String> heard = new ArrayList<>();
        private final RateLimiterListener recorder = new RateLimiterListener() {
            @Override
            public void onPermitted(RateLimiter rateLimiter, int permits) {
                heard.add("permitted " + rateLimiter.name() + " " + permits);
            }

            @Override
            public void onRejected(RateLimiter rateLimiter, int permits) {
                heard.add("rejected " + rateLimiter.name() + " " + permits);
            }
        };

        @Test
        void hearEveryDecision() {
            RateLimiter limiter = limiter(3, Duration.ofSeconds(1));
            limiter.addListener(recorder);

            limiter.tryAcquirePermission(2);
            limiter.tryAcquirePermission(2);
            limiter.reservePermission();
            limiter.reservePermission(3);
            assertThatThrownBy(() -> limiter.acquirePermission(3)).isInstanceOf(RateLimitExceededException.class);
            limiter.removeListener(recorder);
            limiter.tryAcquirePermission();

            assertThat(heard).containsExactly("permitted backend 2", "rejected backend 2", "permitted backend 1",
                    "permitted backend 3", "rejected backend 3");
        }

        @Test
        void aThrowingListenerNeverBreaksTheCall() {
            RateLimiter limiter = limiter(1);
            limiter.addListener(new RateLimiterListener() {
                @Override
                public void onPermitted(RateLimiter rateLimiter, int permits) {
                    throw new IllegalStateException("listener bug");
                }

                @Override
                public void onRejected(RateLimiter rateLimiter, int permits) {
                    throw new AssertionError("listener bug");
                }
            });
            limiter.addListener(recorder);

            assertThat(limiter.executeSupplier(() -> "ok")).isEqualTo("ok");
            assertThatThrownBy(limiter::acquirePermission).isInstanceOf(RateLimitExceededException.class);
            assertThat(heard).containsExactly("permitted backend 1", "rejected backend 1");
        }

        @Test
        void eventsCarryPatternNameTypePermitsAndClockTime() {
            Instant now = Instant.parse("2026-11-05T10:15:30Z");
            RateLimiter limiter = RateLimiter.of("backend", config(1).clock(Clock.fixed(now, ZoneOffset.UTC)).build());
            List<ResilienceEvent> events = new ArrayList<>();
            RateLimiterListener subscription = limiter.onEvent(events::add);

            limiter.tryAcquirePermission();
            limiter.tryAcquirePermission();
            limiter.removeListener(subscription);
            limiter.tryAcquirePermission();

            assertThat(events).hasSize(2);
            assertThat(events.get(0).pattern()).isEqualTo("rate-limiter");
            assertThat(events.get(0).name()).isEqualTo("backend");
            assertThat(events.get(0).type()).isEqualTo("PERMITTED");
            assertThat(events.get(0).time()).isEqualTo(now);
            assertThat(events.get(0).details()).isEqualTo(Map.of("permits", 1));
            assertThat(events.get(1).type()).isEqualTo("REJECTED");
        }
    }

    @Nested
    class Reconfigure {

        @Test
        void keepsThePermitsUsedInThisPeriod() {
            RateLimiter limiter = limiter(5);
            limiter.acquirePermission(3);

            limiter.reconfigure(config(4).build());
            assertThat(limiter.config().limitForPeriod()).isEqualTo(4);
            assertThat(limiter.metrics().availablePermissions()).isEqualTo(1);

            limiter.reconfigure(config(10).build());
            assertThat(limiter.metrics().availablePermissions()).isEqualTo(7);
        }

        @Test
        void aLowerLimitThanUsedLeavesNothingUntilTheNextPeriod() {
            RateLimiter limiter = limiter(5);
            limiter.acquirePermission(5);

            limiter.reconfigure(config(2).build());

            assertThat(limiter.metrics().availablePermissions()).isZero();
            ticker.advance(PERIOD);
            assertThat(limiter.metrics().availablePermissions()).isEqualTo(2);
        }

        @Test
        void aNewTimeoutKeepsThePeriodBoundaries() {
            RateLimiter limiter = limiter(1);
            ticker.advance(Duration.ofMillis(900));
            limiter.acquirePermission();

            limiter.reconfigure(config(1).timeoutDuration(Duration.ofMillis(200)).build());

            assertThat(limiter.reservePermission()).isEqualTo(100_000_000L);
        }

        @Test
        void aNewPeriodIsCutFromTheStartOfTheCurrentOne() {
            RateLimiter limiter = limiter(2);
            ticker.advance(Duration.ofMillis(600));
            limiter.acquirePermission(2);

            limiter.reconfigure(config(2).limitRefreshPeriod(Duration.ofMillis(500)).build());

            assertThat(limiter.metrics().availablePermissions()).as("the second 500ms period began at 500ms")
                    .isEqualTo(2);
            limiter.acquirePermission(2);
            assertThat(limiter.reservePermission()).isEqualTo(-1L);
            ticker.advance(Duration.ofMillis(400));
            assertThat(limiter.tryAcquirePermission()).isTrue();
        }

        @Test
        void listenersSurviveAndANewTickerStartsAfresh() {
            RateLimiter limiter = limiter(1);
            AtomicInteger permitted = new AtomicInteger();
            limiter.addListener(new RateLimiterListener() {
                @Override
                public void onPermitted(RateLimiter rateLimiter, int permits) {
                    permitted.incrementAndGet();
                }
            });
            limiter.acquirePermission();

            limiter.reconfigure(RateLimiterConfig.builder().limitForPeriod(1).ticker(new ManualTicker(0)).build());

            assertThat(limiter.tryAcquirePermission()).isTrue();
            assertThat(permitted).hasValue(2);
        }
    }

    @Nested
    class AsAPolicy {

        @Test
        void passesResultsAndCheckedExceptionsThroughUnchanged() throws Exception {
            RateLimiter limiter = limiter(10);
            IOException failure = new IOException("disk");

            assertThat(limiter.executeSupplier(() -> "value")).isEqualTo("value");
            assertThat(limiter.executeCallable(() -> 42)).isEqualTo(42);
            assertThatThrownBy(() -> limiter.executeCallable(() -> {
                throw failure;
            })).isSameAs(failure);
            assertThat(limiter.decorateFunction((Integer x) -> x * 2).apply(21)).isEqualTo(42);
            assertThat(limiter.metrics().availablePermissions()).isEqualTo(6);
        }

        @Test
        void takesAPermitPerCallInAPipeline() {
            RateLimiter limiter = limiter(2);
            Pipeline pipeline = Pipeline.of(limiter);

            assertThat(pipeline.executeSupplier(() -> 1)).isEqualTo(1);
            assertThat(pipeline.executeSupplier(() -> 2)).isEqualTo(2);
            assertThatThrownBy(() -> pipeline.executeSupplier(() -> 3)).isInstanceOf(RateLimitExceededException.class);
        }

        @Test
        void describesItself() {
            RateLimiter limiter = limiter(2, Duration.ofMillis(250));

            assertThat(limiter).hasToString("RateLimiter[backend, 2 per 1s, waiting at most 250ms]");
            assertThat(limiter.name()).isEqualTo("backend");
            assertThat(limiter.metrics()).isSameAs(limiter.metrics());
            assertThat(RateLimiter.ofDefaults("x").config()).isSameAs(RateLimiterConfig.ofDefaults());
        }
    }
}
