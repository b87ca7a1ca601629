package dev.resilience.circuitbreaker;

import dev.resilience.circuitbreaker.CircuitBreaker.State;
import dev.resilience.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.resilience.core.Chain;
import dev.resilience.core.Pipeline;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.testing.ManualScheduler;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The state machine, driven by a fake ticker and a manual scheduler: no sleeping, no real time. The usual
 * breaker here has a window of 4 calls, a minimum of 4, a 50% failure threshold, a 1 s slow-call threshold
 * (at 100%), a 10 s wait in OPEN and 2 trial calls.
 */
class CircuitBreakerTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration SLOW = Duration.ofSeconds(1);

    final ManualTicker ticker = new ManualTicker();
    final ManualScheduler scheduler = new ManualScheduler();
    final RecordingListener events = new RecordingListener();
    final AtomicInteger invocations = new AtomicInteger();
    CircuitBreaker cb;

    CircuitBreakerConfig.Builder config() {
        return CircuitBreakerConfig.builder()
                .ticker(ticker).scheduler(scheduler)
                .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
                .slowCallDurationThreshold(SLOW)
                .waitDurationInOpenState(WAIT).permittedNumberOfCallsInHalfOpenState(2);
    }

    CircuitBreaker create(CircuitBreakerConfig.Builder config) {
        cb = CircuitBreaker.of("backend", config.build());
        cb.addListener(events);
        return cb;
    }

    @BeforeEach
    void createDefault() {
        create(config());
    }

    void succeed() {
        assertThat(cb.executeSupplier(() -> {
            invocations.incrementAndGet();
            return "ok";
        })).isEqualTo("ok");
    }

    void succeedTaking(Duration duration) {
        cb.executeSupplier(() -> {
            ticker.advance(duration);
            return "ok";
        });
    }

    void fail() {
        fail(new IllegalStateException("boom"));
    }

    void fail(RuntimeException error) {
        assertThatThrownBy(() -> cb.executeSupplier(() -> {
            invocations.incrementAndGet();
            throw error;
        })).isSameAs(error);
    }

    void failTaking(Duration duration) {
        RuntimeException error = new IllegalStateException("slow boom");
        assertThatThrownBy(() -> cb.executeSupplier(() -> {
            ticker.advance(duration);
            throw error;
        })).isSameAs(error);
    }

    CallNotPermittedException rejected() {
        int before = invocations.get();
        CallNotPermittedException[] caught = new CallNotPermittedException[1];
        assertThatThrownBy(() -> cb.executeSupplier(() -> {
            invocations.incrementAndGet();
            return "ran";
        })).isInstanceOfSatisfying(CallNotPermittedException.class, e -> caught[0] = e);
        assertThat(invocations.get()).as("a rejected call must not run").isEqualTo(before);
        return caught[0];
    }

    void open() {
        for (int i = 0; i < 4; i++) {
            fail();
        }
        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    void halfOpen() {
        open();
        ticker.advance(WAIT);
        assertThat(cb.tryAcquirePermission()).isTrue();
        cb.releasePermission();
        assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
    }

    @Nested
    class Closed {

        @Test
        void startsClosedWithAnEmptyWindow() {
            assertThat(cb.state()).isEqualTo(State.CLOSED);
            CircuitBreaker.Metrics metrics = cb.metrics();
            assertThat(metrics.bufferedCalls()).isZero();
            assertThat(metrics.failureRate()).isEqualTo(-1f);
            assertThat(metrics.slowCallRate()).isEqualTo(-1f);
            assertThat(metrics.notPermittedCalls()).isZero();
        }

        @Test
        void staysClosedBelowTheMinimumNumberOfCalls() {
            fail();
            fail();
            fail();

            assertThat(cb.state()).isEqualTo(State.CLOSED);
            assertThat(cb.metrics().bufferedCalls()).isEqualTo(3);
            assertThat(cb.metrics().failedCalls()).isEqualTo(3);
            assertThat(cb.metrics().failureRate()).isEqualTo(-1f);
        }

        @Test
        void opensAtExactlyTheMinimumNumberOfCallsWhenTheRateReachesTheThreshold() {
            succeed();
            succeed();
            fail();
            assertThat(cb.state()).isEqualTo(State.CLOSED);

            fail(); // 2 of 4 = 50%, the threshold itself

            assertThat(cb.state()).isEqualTo(State.OPEN);
            assertThat(cb.metrics().failureRate()).isEqualTo(50f);
            assertThat(events.events()).containsExactly("SUCCESS 0", "SUCCESS 0", "ERROR 0 IllegalStateException",
                    "ERROR 0 IllegalStateException", "FAILURE_RATE_EXCEEDED 50.0", "CLOSED->OPEN");
        }

        @Test
        void staysClosedJustBelowTheThreshold() {
            create(config().slidingWindowSize(5).minimumNumberOfCalls(5).failureRateThreshold(40.5f));
            succeed();
            succeed();
            succeed();
            fail();
            fail(); // 40%

            assertThat(cb.state()).isEqualTo(State.CLOSED);
            assertThat(cb.metrics().failureRate()).isEqualTo(40f);
        }

        @Test
        void theCountWindowForgetsTheOldestCall() {
            create(config().failureRateThreshold(75));
            fail();
            fail();
            succeed();
            succeed(); // 50%
            succeed(); // evicts a failure: 25%
            succeed(); // evicts the other: 0%

            CircuitBreaker.Metrics metrics = cb.metrics();
            assertThat(metrics.bufferedCalls()).isEqualTo(4);
            assertThat(metrics.failedCalls()).isZero();
            assertThat(metrics.successfulCalls()).isEqualTo(4);
            assertThat(metrics.failureRate()).isZero();

            fail();
            fail();
            assertThat(cb.state()).isEqualTo(State.CLOSED); // 50% < 75%
            fail();
            assertThat(cb.state()).isEqualTo(State.OPEN); // 3 of the last 4
        }

        @Test
        void aMinimumAboveTheCountWindowSizeActsAsTheWindowSize() {
            create(config().slidingWindowSize(4).minimumNumberOfCalls(10));
            fail();
            fail();
            fail();
            assertThat(cb.state()).isEqualTo(State.CLOSED);

            fail();

            assertThat(cb.state()).isEqualTo(State.OPEN);
        }

        @Test
        void aWindowOfOneDecidesOnEachCall() {
            create(config().slidingWindowSize(1).minimumNumberOfCalls(1));
            succeed();
            succeed();
            assertThat(cb.metrics().failureRate()).isZero();
            fail();
            assertThat(cb.state()).isEqualTo(State.OPEN);
        }
    }

    @Nested
    class TimeBasedWindow {

        @BeforeEach
        void threeSeconds() {
            create(config().slidingWindowType(SlidingWindowType.TIME_BASED).slidingWindowSize(3).minimumNumberOfCalls(4));
        }

        @Test
        void countsTheCallsOfTheLastSeconds() {
            fail();
            fail();
            ticker.advance(Duration.ofMillis(2999)); // still within the window of the first two
            assertThat(cb.metrics().bufferedCalls()).isEqualTo(2);
            succeed();
            fail();

            assertThat(cb.state()).isEqualTo(State.OPEN);
            assertThat(cb.metrics().failureRate()).isEqualTo(75f);
        }

        @Test
        void dropsASecondOnceTheWindowHasMovedPastIt() {
            fail();
            fail();
            ticker.advance(Duration.ofSeconds(1));
            succeed();
            ticker.advance(Duration.ofSeconds(2)); // the first second is now out; the second one is still in

            assertThat(cb.metrics().bufferedCalls()).isEqualTo(1);
            assertThat(cb.metrics().failedCalls()).isZero();
            fail();
            fail();
            assertThat(cb.state()).isEqualTo(State.CLOSED); // 3 calls < 4
            fail();
            assertThat(cb.state()).isEqualTo(State.OPEN);
            assertThat(cb.metrics().bufferedCalls()).isEqualTo(4);
            assertThat(cb.metrics().failedCalls()).isEqualTo(3);
        }

        @Test
        void aGapLongerThanTheWindowEmptiesIt() {
            fail();
            fail();
            fail();
            ticker.advance(Duration.ofHours(5));

            assertThat(cb.metrics().bufferedCalls()).isZero();
            fail();
            assertThat(cb.state()).isEqualTo(State.CLOSED);
            assertThat(cb.metrics().bufferedCalls()).isEqualTo(1);
        }

        @Test
        void aGapOfExactlyTheWindowEmptiesIt() {
            fail();
            fail();
            fail();
            ticker.advance(Duration.ofSeconds(3));

            fail();

            assertThat(cb.state()).isEqualTo(State.CLOSED);
            assertThat(cb.metrics().bufferedCalls()).isEqualTo(1);
        }

        @Test
        void countsEveryCallWhileTheClockStandsStill() {
            for (int i = 0; i < 1000; i++) {
                succeed();
            }
            assertThat(cb.metrics().bufferedCalls()).isEqualTo(1000);
            for (int i = 0; i < 999; i++) {
                fail();
            }
            assertThat(cb.state()).isEqualTo(State.CLOSED); // 999 of 1999 < 50%
            fail();
            assertThat(cb.state()).isEqualTo(State.OPEN);
            assertThat(cb.metrics().failureRate()).isEqualTo(50f);
        }

        @Test
        void toleratesAClockThatStepsBack() {
            fail();
            ticker.advance(Duration.ofSeconds(-30));
            fail();
            assertThat(cb.metrics().bufferedCalls()).isEqualTo(2);
        }

        @Test
        void doesNotCapTheMinimumAtTheWindowSize() {
            create(config().slidingWindowType(SlidingWindowType.TIME_BASED).slidingWindowSize(1)
                    .minimumNumberOfCalls(10));
            for (int i = 0; i < 9; i++) {
                fail();
            }
            assertThat(cb.state()).isEqualTo(State.CLOSED);
            assertThat(cb.metrics().failureRate()).isEqualTo(-1f);
            fail();
            assertThat(cb.state()).isEqualTo(State.OPEN);
        }
    }

    @Nested
    class SlowCalls {

        @BeforeEach
        void slowRateThresholdOfHalf() {
            create(config().slowCallRateThreshold(50));
        }

        @Test
        void aCallOfExactlyTheThresholdIsSlowOneNanosecondLessIsNot() {
            succeedTaking(SLOW.minusNanos(1));
            succeedTaking(SLOW);

            assertThat(cb.metrics().slowCalls()).isEqualTo(1);
            assertThat(events.events()).containsExactly("SUCCESS 999999999", "SUCCESS 1000000000",
                    "SLOW_CALL 1000000000");
        }

        @Test
        void openWhenTheSlowCallRateReachesItsThreshold() {
            succeed();
            succeedTaking(SLOW);
            succeed();
            succeedTaking(SLOW);

            assertThat(cb.state()).isEqualTo(State.OPEN);
            assertThat(cb.metrics().slowCallRate()).isEqualTo(50f);
            assertThat(cb.metrics().failureRate()).isZero();
            assertThat(events.events()).endsWith("SLOW_CALL 1000000000", "SLOW_CALL_RATE_EXCEEDED 50.0",
                    "CLOSED->OPEN");
        }

        @Test
        void slowFailuresCountAsBothAndAreCountedApart() {
            create(config().slowCallRateThreshold(100).failureRateThreshold(100));
            failTaking(SLOW);
            succeedTaking(SLOW);
            fail();
            succeed();

            CircuitBreaker.Metrics metrics = cb.metrics();
            assertThat(metrics.slowCalls()).isEqualTo(2);
            assertThat(metrics.failedCalls()).isEqualTo(2);
            assertThat(metrics.slowFailedCalls()).isEqualTo(1);
            assertThat(metrics.slowCallRate()).isEqualTo(50f);
        }

        @Test
        void bothRatesExceededAreBothReported() {
            create(config().slowCallRateThreshold(50));
            failTaking(SLOW);
            failTaking(SLOW);
            succeed();
            succeed();

            assertThat(cb.state()).isEqualTo(State.OPEN);
            assertThat(events.events()).endsWith("FAILURE_RATE_EXCEEDED 50.0", "SLOW_CALL_RATE_EXCEEDED 50.0",
                    "CLOSED->OPEN");
        }

        @Test
        void aSlowCallLeavingTheCountWindowIsForgotten() {
            create(config().slowCallRateThreshold(100));
            failTaking(SLOW);
            assertThat(cb.metrics().slowFailedCalls()).isEqualTo(1);
            succeed();
            succeed();
            succeed();
            succeed();

            assertThat(cb.metrics().slowCalls()).isZero();
            assertThat(cb.metrics().slowFailedCalls()).isZero();
        }
    }

    @Nested
    class Open {

        @Test
        void rejectsWithAMessageNamingTheBreakerAndState() {
            open();

            CallNotPermittedException rejection = rejected();

            assertThat(rejection).hasMessage("CircuitBreaker 'backend' is OPEN and does not permit further calls");
            assertThat(rejection.name()).isEqualTo("backend");
            assertThat(rejection.state()).isEqualTo(State.OPEN);
            assertThat(rejection.getStackTrace()).isEmpty();
            assertThat(cb.metrics().notPermittedCalls()).isEqualTo(1);
            assertThat(events.events()).endsWith("CLOSED->OPEN", "NOT_PERMITTED");
        }

        @Test
        void fillsInTheStackTraceWhenAskedTo() {
            create(config().writableStackTraceEnabled(true));
            open();

            assertThat(rejected().getStackTrace()).isNotEmpty();
        }

        @Test
        void keepsTheWindowThatMadeItOpen() {
            open();
            rejected();

            assertThat(cb.metrics().bufferedCalls()).isEqualTo(4);
            assertThat(cb.metrics().failureRate()).isEqualTo(100f);
        }

        @Test
        void admitsATrialCallOnlyOnceTheWaitHasPassed() {
            open();
            ticker.advance(WAIT.minusNanos(1));
            rejected();
            assertThat(cb.state()).isEqualTo(State.OPEN);

            ticker.advance(1);
            succeed();

            assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
            assertThat(events.events()).endsWith("NOT_PERMITTED", "OPEN->HALF_OPEN", "SUCCESS 0");
        }

        @Test
        void doesNotScheduleAnythingWithoutAutomaticTransition() {
            open();

            assertThat(scheduler.pending()).isEmpty();
        }

        @Test
        void movesToHalfOpenByItselfWithAutomaticTransition() {
            create(config().automaticTransitionFromOpenToHalfOpenEnabled(true));
            open();

            assertThat(scheduler.pending()).hasSize(1);
            assertThat(scheduler.pending().get(0).delay()).isEqualTo(WAIT);
            scheduler.runPending();

            assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
            assertThat(events.events()).endsWith("CLOSED->OPEN", "OPEN->HALF_OPEN");
            assertThat(scheduler.pending()).isEmpty();
        }

        @Test
        void aScheduledTransitionOfAnEndedPeriodDoesNothing() throws Exception {
            create(config().automaticTransitionFromOpenToHalfOpenEnabled(true));
            open();
            ManualScheduler.Task<?> task = scheduler.pending().get(0);

            cb.transitionToClosedState();

            assertThat(task.isCancelled()).isTrue();
            task.runAnyway(); // even if it ran anyway
            assertThat(cb.state()).isEqualTo(State.CLOSED);
        }

        @Test
        void eachOpenPeriodSchedulesOneTask() {
            create(config().automaticTransitionFromOpenToHalfOpenEnabled(true));
            open();
            scheduler.runPending();
            fail();
            fail(); // trial failed: OPEN again

            assertThat(cb.state()).isEqualTo(State.OPEN);
            assertThat(scheduler.tasks()).hasSize(2);
            assertThat(scheduler.pending()).hasSize(1);
        }
    }

    @Nested
    class HalfOpen {

        @Test
        void admitsExactlyThePermittedNumberOfCalls() {
            halfOpen();

            assertThat(cb.tryAcquirePermission()).isTrue();
            assertThat(cb.tryAcquirePermission()).isTrue();
            assertThat(cb.tryAcquirePermission()).isFalse();
            CallNotPermittedException rejection = rejected();
            assertThat(rejection.state()).isEqualTo(State.HALF_OPEN);
            assertThat(rejection).hasMessage("CircuitBreaker 'backend' is HALF_OPEN and does not permit further calls");
        }

        @Test
        void closesWithAnEmptyWindowWhenTheTrialCallsSucceed() {
            halfOpen();
            events.clear();

            succeed();
            assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
            assertThat(cb.metrics().bufferedCalls()).isEqualTo(1);
            succeed();

            assertThat(cb.state()).isEqualTo(State.CLOSED);
            assertThat(cb.metrics().bufferedCalls()).isZero();
            assertThat(events.events()).containsExactly("SUCCESS 0", "SUCCESS 0", "HALF_OPEN->CLOSED");
        }

        @Test
        void opensAgainWhenTheTrialReachesTheThreshold() {
            halfOpen();
            events.clear();

            succeed();
            fail();

            assertThat(cb.state()).isEqualTo(State.OPEN);
            assertThat(events.events()).containsExactly("SUCCESS 0", "ERROR 0 IllegalStateException",
                    "FAILURE_RATE_EXCEEDED 50.0", "HALF_OPEN->OPEN");
            ticker.advance(WAIT.minusNanos(1));
            rejected(); // a new wait started
        }

        @Test
        void anIgnoredErrorGivesItsPermitBack() {
            create(config().ignoreExceptions(IllegalArgumentException.class));
            halfOpen();

            fail(new IllegalArgumentException("ignored"));
            fail(new IllegalArgumentException("ignored"));
            assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
            assertThat(cb.metrics().bufferedCalls()).isZero();

            succeed();
            succeed();
            assertThat(cb.state()).isEqualTo(State.CLOSED);
        }

        @Test
        void goesBackToOpenWhenTheTrialTakesTooLong() {
            create(config().maxWaitDurationInHalfOpenState(Duration.ofSeconds(5)));
            halfOpen();
            assertThat(cb.tryAcquirePermission()).isTrue(); // one trial call hangs

            ticker.advance(Duration.ofSeconds(5));
            rejected();

            assertThat(cb.state()).isEqualTo(State.OPEN);
            assertThat(events.events()).endsWith("OPEN->HALF_OPEN", "HALF_OPEN->OPEN", "NOT_PERMITTED");
        }

        @Test
        void theMaximumWaitIsAlsoEnforcedByTheScheduler() {
            create(config().maxWaitDurationInHalfOpenState(Duration.ofSeconds(5)));
            halfOpen();

            assertThat(scheduler.pending()).singleElement()
                    .satisfies(task -> assertThat(task.delay()).isEqualTo(Duration.ofSeconds(5)));
            scheduler.runPending();

            assertThat(cb.state()).isEqualTo(State.OPEN);
        }

        @Test
        void withoutAMaximumWaitTheTrialWaitsForever() {
            halfOpen();
            assertThat(cb.tryAcquirePermission()).isTrue();
            ticker.advance(Duration.ofDays(365));

            assertThat(cb.tryAcquirePermission()).isTrue();
            assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
            assertThat(scheduler.pending()).isEmpty();
        }

        @Test
        void aCallAdmittedEarlierCannotDecideTheTrial() {
            RuntimeException late = new IllegalStateException("admitted while CLOSED");
            assertThatThrownBy(() -> cb.executeSupplier(() -> {
                cb.transitionToOpenState();
                cb.transitionToHalfOpenState();
                throw late;
            })).isSameAs(late);

            assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
            assertThat(cb.metrics().bufferedCalls()).isZero();
            succeed();
            succeed();
            assertThat(cb.state()).isEqualTo(State.CLOSED);
        }
    }

    @Nested
    class WhatCountsAsAFailure {

        @Test
        void withARecordListOnlyListedTypesAndTheirSubclassesFail() {
            create(config().recordExceptions(IOException.class));

            assertThatThrownBy(() -> cb.executeCallable(() -> {
                throw new FileNotFoundException("gone");
            })).isInstanceOf(FileNotFoundException.class);
            fail(new IllegalStateException("not listed"));

            assertThat(cb.metrics().failedCalls()).isEqualTo(1);
            assertThat(cb.metrics().successfulCalls()).isEqualTo(1);
            assertThat(events.events()).containsExactly("ERROR 0 FileNotFoundException", "SUCCESS 0");
        }

        @Test
        void ignoredExceptionsAreNotRecordedAtAll() {
            create(config().ignoreExceptions(IllegalArgumentException.class));

            fail(new NumberFormatException("a subclass"));

            assertThat(cb.metrics().bufferedCalls()).isZero();
            assertThat(events.events()).containsExactly("IGNORED_ERROR 0 NumberFormatException");
        }

        @Test
        void ignoreWinsOverRecord() {
            create(config().recordExceptions(RuntimeException.class).ignoreExceptions(IllegalArgumentException.class));

            fail(new IllegalArgumentException());
            fail(new IllegalStateException());

            assertThat(cb.metrics().bufferedCalls()).isEqualTo(1);
            assertThat(cb.metrics().failedCalls()).isEqualTo(1);
        }

        @Test
        void aPredicateAddsToTheRecordList() {
            create(config().recordExceptions(IOException.class)
                    .recordException(e -> e.getMessage() != null && e.getMessage().contains("fatal")));

            fail(new IllegalStateException("fatal"));
            fail(new IllegalStateException("harmless"));

            assertThat(cb.metrics().failedCalls()).isEqualTo(1);
            assertThat(cb.metrics().successfulCalls()).isEqualTo(1);
        }

        @Test
        void anIgnorePredicateIgnoresWhatItAcceptsAndWinsOverRecording() {
            create(config().recordExceptions(RuntimeException.class)
                    .recordException(e -> true)
                    .ignoreException(e -> "client error".equals(e.getMessage())));

            fail(new IllegalStateException("client error"));
            fail(new IllegalStateException("server error"));

            assertThat(cb.metrics().bufferedCalls()).isEqualTo(1);
            assertThat(cb.metrics().failedCalls()).isEqualTo(1);
            assertThat(events.events()).containsExactly("IGNORED_ERROR 0 IllegalStateException",
                    "ERROR 0 IllegalStateException");
        }

        @Test
        void anIgnorePredicateGivesBackTheHalfOpenPermit() {
            create(config().ignoreException(e -> e instanceof IllegalArgumentException));
            halfOpen();

            fail(new IllegalArgumentException("ignored"));
            fail(new IllegalArgumentException("ignored"));
            fail(new IllegalArgumentException("ignored"));

            assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
            assertThat(cb.tryAcquirePermission()).isTrue();
        }

        @Test
        void theIgnorePredicateIsInheritedByFrom() {
            CircuitBreakerConfig base = config().ignoreException(e -> true).build();

            assertThat(CircuitBreakerConfig.from(base).build().ignoreExceptionPredicate())
                    .isSameAs(base.ignoreExceptionPredicate());
        }

        @Test
        void checkedExceptionsReachTheCallerUnchanged() throws Exception {
            IOException io = new IOException("disk");
            Callable<String> callable = () -> {
                throw io;
            };

            assertThatThrownBy(() -> cb.executeCallable(callable)).isSameAs(io);
            assertThatThrownBy(() -> cb.decorateCallable(callable).call()).isSameAs(io);
            assertThat(cb.metrics().failedCalls()).isEqualTo(2);
        }

        @Test
        void aThrowingPredicateCountsTheCallAsFailedAndSurfaces() {
            create(config().recordException(e -> {
                throw new UnsupportedOperationException("predicate bug");
            }));
            RuntimeException original = new IllegalStateException("original");

            assertThatThrownBy(() -> cb.executeSupplier(() -> {
                throw original;
            })).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("predicate bug")
                    .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(original));
            assertThat(cb.metrics().failedCalls()).isEqualTo(1);
        }
    }

    @Nested
    class ResultPredicate {

        @BeforeEach
        void nullIsAFailure() {
            create(config().recordResult(result -> result == null));
        }

        @Test
        void aBadResultIsReturnedButCountsAsAFailure() {
            Supplier<String> returnsNull = () -> null;

            assertThat(cb.executeSupplier(returnsNull)).isNull();
            assertThat(cb.executeSupplier(() -> "fine")).isEqualTo("fine");

            assertThat(cb.metrics().failedCalls()).isEqualTo(1);
            assertThat(cb.metrics().successfulCalls()).isEqualTo(1);
            assertThat(events.events()).containsExactly("ERROR 0 ResultRecordedAsFailureException", "SUCCESS 0");
        }

        @Test
        void listenersSeeTheResult() {
            List<Throwable> errors = new ArrayList<>();
            cb.addListener(new CircuitBreakerListener() {
                @Override
                public void onError(CircuitBreaker circuitBreaker, long durationNanos, Throwable error) {
                    errors.add(error);
                }
            });

            cb.executeSupplier(() -> null);

            assertThat(errors).singleElement().isInstanceOfSatisfying(ResultRecordedAsFailureException.class, e -> {
                assertThat(e.result()).isNull();
                assertThat(e.name()).isEqualTo("backend");
                assertThat(e).hasMessage("CircuitBreaker 'backend' recorded the result 'null' as a failure");
            });
        }

        @Test
        void badResultsTripTheBreaker() {
            for (int i = 0; i < 4; i++) {
                cb.executeSupplier(() -> null);
            }
            assertThat(cb.state()).isEqualTo(State.OPEN);
        }

        @Test
        void aThrowingPredicateSurfacesAndCountsAsAFailure() {
            create(config().recordResult(result -> ((String) result).isEmpty()));

            assertThatThrownBy(() -> cb.executeSupplier(() -> null)).isInstanceOf(NullPointerException.class);
            assertThat(cb.metrics().failedCalls()).isEqualTo(1);
        }
    }

    @Nested
    class ManualStates {

        @Test
        void disabledLetsEverythingThroughAndRecordsNothing() {
            cb.transitionToDisabledState();
            events.clear();
            long reads = ticker.reads();

            for (int i = 0; i < 10; i++) {
                fail();
            }
            succeed();

            assertThat(ticker.reads() - reads).as("clock reads while DISABLED").isZero();
            assertThat(cb.state()).isEqualTo(State.DISABLED);
            assertThat(cb.metrics().bufferedCalls()).isZero();
            assertThat(events.events()).isEmpty();
            assertThat(cb.tryAcquirePermission()).isTrue();
        }

        @Test
        void metricsOnlyRecordsButNeverTrips() {
            cb.transitionToMetricsOnlyState();
            events.clear();

            for (int i = 0; i < 8; i++) {
                fail();
            }

            assertThat(cb.state()).isEqualTo(State.METRICS_ONLY);
            assertThat(cb.metrics().failedCalls()).isEqualTo(4);
            assertThat(cb.metrics().failureRate()).isEqualTo(100f);
            assertThat(events.events()).containsOnlyOnce("FAILURE_RATE_EXCEEDED 100.0");
            assertThat(events.events()).doesNotContain("METRICS_ONLY->OPEN");
        }

        @Test
        void forcedOpenRejectsEverythingForever() {
            cb.transitionToForcedOpenState();

            ticker.advance(Duration.ofDays(1));
            CallNotPermittedException rejection = rejected();

            assertThat(rejection).hasMessage("CircuitBreaker 'backend' is FORCED_OPEN and does not permit further calls");
            assertThat(cb.state()).isEqualTo(State.FORCED_OPEN);
            assertThat(cb.tryAcquirePermission()).isFalse();
            assertThat(cb.metrics().notPermittedCalls()).isEqualTo(2);
            assertThat(scheduler.pending()).isEmpty();
        }

        @Test
        void transitionToMatchesTheNamedMethods() {
            for (State state : State.values()) {
                cb.transitionTo(state);
                assertThat(cb.state()).isEqualTo(state);
            }
            assertThat(events.events()).containsExactly("CLOSED->CLOSED", "CLOSED->OPEN", "OPEN->HALF_OPEN",
                    "HALF_OPEN->DISABLED", "DISABLED->METRICS_ONLY", "METRICS_ONLY->FORCED_OPEN");
        }

        @Test
        void closingTheClosedBreakerEmptiesItsWindow() {
            fail();
            fail();

            cb.transitionToClosedState();

            assertThat(cb.metrics().bufferedCalls()).isZero();
            assertThat(events.events()).endsWith("CLOSED->CLOSED");
        }

        @Test
        void manualOpenStartsANewWait() {
            cb.transitionToOpenState();
            ticker.advance(WAIT.minusNanos(1));
            rejected();
            ticker.advance(1);
            succeed();
            assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
        }

        @Test
        void closingResetsTheNotPermittedCount() {
            open();
            rejected();
            rejected();
            assertThat(cb.metrics().notPermittedCalls()).isEqualTo(2);

            cb.transitionToClosedState();

            assertThat(cb.metrics().notPermittedCalls()).isZero();
        }
    }

    @Nested
    class Reset {

        @Test
        void fromOpenReportsTheTransitionThenTheReset() {
            open();
            rejected();
            events.clear();

            cb.reset();

            assertThat(cb.state()).isEqualTo(State.CLOSED);
            assertThat(cb.metrics().bufferedCalls()).isZero();
            assertThat(cb.metrics().notPermittedCalls()).isZero();
            assertThat(events.events()).containsExactly("OPEN->CLOSED", "RESET");
        }

        @Test
        void fromClosedEmptiesTheWindowAndReportsOnlyTheReset() {
            fail();
            events.clear();

            cb.reset();

            assertThat(cb.metrics().bufferedCalls()).isZero();
            assertThat(events.events()).containsExactly("RESET");
        }

        @Test
        void cancelsAPendingAutomaticTransition() {
            create(config().automaticTransitionFromOpenToHalfOpenEnabled(true));
            open();

            cb.reset();

            assertThat(scheduler.pending()).isEmpty();
        }
    }

    @Nested
    class Events {

        @Test
        void aWholeCycleInOrder() {
            open();
            rejected();
            ticker.advance(WAIT);
            succeed();
            succeed();

            assertThat(events.events()).containsExactly(
                    "ERROR 0 IllegalStateException", "ERROR 0 IllegalStateException",
                    "ERROR 0 IllegalStateException", "ERROR 0 IllegalStateException",
                    "FAILURE_RATE_EXCEEDED 100.0", "CLOSED->OPEN",
                    "NOT_PERMITTED",
                    "OPEN->HALF_OPEN", "SUCCESS 0", "SUCCESS 0", "HALF_OPEN->CLOSED");
        }

        @Test
        void eventObjectsForConsumersThatAskForThem() {
            Instant now = Instant.parse("2026-01-02T03:04:05Z");
            create(config().clock(Clock.fixed(now, ZoneOffset.UTC)));
            List<ResilienceEvent> received = new ArrayList<>();
            cb.onEvent(received::add);

            succeedTaking(Duration.ofMillis(1500));
            fail(new IllegalStateException("boom"));

            assertThat(received).extracting(ResilienceEvent::type)
                    .containsExactly("SUCCESS", "SLOW_CALL", "ERROR");
            ResilienceEvent success = received.get(0);
            assertThat(success.pattern()).isEqualTo("circuit-breaker");
            assertThat(success.name()).isEqualTo("backend");
            assertThat(success.time()).isEqualTo(now);
            assertThat(success.details()).isEqualTo(Map.of("duration", Duration.ofMillis(1500)));
            assertThat(received.get(2).details()).containsExactly(
                    Map.entry("duration", Duration.ZERO),
                    Map.entry("exception", "java.lang.IllegalStateException"),
                    Map.entry("message", "boom"));
            assertThat(received.get(2).toString())
                    .isEqualTo("2026-01-02T03:04:05Z circuit-breaker 'backend' ERROR "
                            + "{duration=PT0S, exception=java.lang.IllegalStateException, message=boom}");
        }

        @Test
        void transitionEventsCarryBothStates() {
            List<ResilienceEvent> received = new ArrayList<>();
            cb.onEvent(received::add);

            cb.transitionToForcedOpenState();
            cb.reset();

            assertThat(received).extracting(ResilienceEvent::type)
                    .containsExactly("STATE_TRANSITION", "STATE_TRANSITION", "RESET");
            assertThat(received.get(0).details()).containsExactly(
                    Map.entry("fromState", "CLOSED"), Map.entry("toState", "FORCED_OPEN"));
        }

        @Test
        void aThrowingListenerNeitherBreaksTheCallNorSilencesTheOthers() {
            CircuitBreakerListener broken = new CircuitBreakerListener() {
                @Override
                public void onSuccess(CircuitBreaker circuitBreaker, long durationNanos) {
                    throw new IllegalStateException("listener bug");
                }

                @Override
                public void onStateTransition(CircuitBreaker circuitBreaker, State from, State to) {
                    throw new IllegalStateException("listener bug");
                }
            };
            create(config());
            cb.removeListener(events);
            cb.addListener(broken);
            cb.addListener(events);

            succeed();
            cb.transitionToOpenState();

            assertThat(events.events()).containsExactly("SUCCESS 0", "CLOSED->OPEN");
        }

        @Test
        void removedListenersHearNothingMore() {
            List<ResilienceEvent> received = new ArrayList<>();
            CircuitBreakerListener adapter = cb.onEvent(received::add);

            assertThat(cb.removeListener(adapter)).isTrue();
            assertThat(cb.removeListener(events)).isTrue();
            succeed();

            assertThat(received).isEmpty();
            assertThat(events.events()).isEmpty();
            assertThat(cb.removeListener(events)).isFalse();
        }
    }

    @Nested
    class LowLevelApi {

        @Test
        void recordsWhatTheCallerReports() {
            assertThat(cb.tryAcquirePermission()).isTrue();
            long start = cb.currentTimeNanos();
            ticker.advance(SLOW);
            cb.onSuccess(cb.currentTimeNanos() - start);

            cb.acquirePermission();
            cb.onError(5, new IllegalStateException());

            assertThat(cb.metrics().slowCalls()).isEqualTo(1);
            assertThat(cb.metrics().failedCalls()).isEqualTo(1);
            assertThat(events.events()).containsExactly("SUCCESS 1000000000", "SLOW_CALL 1000000000",
                    "ERROR 5 IllegalStateException");
        }

        @Test
        void acquirePermissionThrowsWhenOpen() {
            open();

            assertThat(cb.tryAcquirePermission()).isFalse();
            assertThatThrownBy(cb::acquirePermission)
                    .isInstanceOf(CallNotPermittedException.class)
                    .hasMessage("CircuitBreaker 'backend' is OPEN and does not permit further calls");
            assertThat(cb.metrics().notPermittedCalls()).isEqualTo(2);
        }

        @Test
        void releasePermissionGivesATrialPermitBack() {
            halfOpen();
            assertThat(cb.tryAcquirePermission()).isTrue();
            assertThat(cb.tryAcquirePermission()).isTrue();
            assertThat(cb.tryAcquirePermission()).isFalse();

            cb.releasePermission();

            assertThat(cb.tryAcquirePermission()).isTrue();
        }

        @Test
        void onResultAppliesTheResultPredicate() {
            create(config().recordResult("bad"::equals));

            cb.onResult(1, "bad");
            cb.onResult(1, "good");

            assertThat(cb.metrics().failedCalls()).isEqualTo(1);
            assertThat(cb.metrics().successfulCalls()).isEqualTo(1);
        }

        @Test
        void onErrorClassifiesAndReleasesTheTrialPermitOfAnIgnoredError() {
            create(config().ignoreExceptions(IllegalArgumentException.class));
            halfOpen();
            assertThat(cb.tryAcquirePermission()).isTrue();
            assertThat(cb.tryAcquirePermission()).isTrue();

            cb.onError(1, new IllegalArgumentException());

            assertThat(cb.tryAcquirePermission()).isTrue();
            assertThat(cb.metrics().bufferedCalls()).isZero();
        }

        @Test
        void outcomesReportedWhileDisabledAreDropped() {
            cb.transitionToDisabledState();
            cb.onSuccess(1);
            cb.onError(1, new IllegalStateException());
            assertThat(cb.metrics().bufferedCalls()).isZero();
        }
    }

    @Nested
    class Asynchronous {

        @Test
        void cancellingTheReturnedStageCancelsTheCallAndRecordsNothing() {
            CompletableFuture<String> pending = new CompletableFuture<>();
            CompletionStage<String> result = cb.executeCompletionStage(() -> pending);

            assertThat(result.toCompletableFuture().cancel(true)).isTrue();

            assertThat(pending).as("the call's own stage is cancelled, so inner patterns let go").isCancelled();
            assertThat(cb.metrics().bufferedCalls()).isZero();
            assertThat(events.events()).isEmpty();
        }

        @Test
        void aCancelledHalfOpenTrialGivesItsPermitBack() {
            create(config().permittedNumberOfCallsInHalfOpenState(1));
            halfOpen();
            CompletionStage<String> trial = cb.executeCompletionStage(CompletableFuture::new);
            assertThat(cb.tryAcquirePermission()).as("the only trial permit is taken").isFalse();

            trial.toCompletableFuture().cancel(true);

            assertThat(cb.state()).isEqualTo(State.HALF_OPEN);
            assertThat(cb.tryAcquirePermission()).isTrue();
        }

        @Test
        void aCancelAfterTheOutcomeChangesNothing() {
            CompletableFuture<String> pending = new CompletableFuture<>();
            CompletionStage<String> result = cb.executeCompletionStage(() -> pending);
            pending.complete("done");

            assertThat(result.toCompletableFuture().cancel(true)).isFalse();
            assertThat(cb.metrics().successfulCalls()).isEqualTo(1);
        }

        @Test
        void recordsTheOutcomeWhenTheStageCompletes() {
            CompletableFuture<String> pending = new CompletableFuture<>();
            CompletionStage<String> result = cb.executeCompletionStage(() -> pending);

            assertThat(cb.metrics().bufferedCalls()).isZero();
            ticker.advance(SLOW);
            pending.complete("done");

            assertThat(result.toCompletableFuture().join()).isEqualTo("done");
            assertThat(cb.metrics().bufferedCalls()).isEqualTo(1);
            assertThat(cb.metrics().slowCalls()).isEqualTo(1);
        }

        @Test
        void aFailedStageKeepsItsExceptionAsIs() {
            IllegalStateException boom = new IllegalStateException("boom");
            CompletableFuture<String> failed = new CompletableFuture<>();

            CompletionStage<String> result = cb.executeCompletionStage(() -> failed);
            failed.completeExceptionally(boom);

            assertThatThrownBy(() -> result.toCompletableFuture().get())
                    .isInstanceOf(ExecutionException.class).hasCause(boom);
            Throwable[] seen = new Throwable[1];
            result.exceptionally(e -> {
                seen[0] = e;
                return null;
            });
            assertThat(seen[0]).isSameAs(boom);
            assertThat(cb.metrics().failedCalls()).isEqualTo(1);
        }

        @Test
        void unwrapsCompletionExceptionsToClassify() {
            create(config().ignoreExceptions(IllegalArgumentException.class));

            CompletionStage<String> result = cb.executeCompletionStage(() -> CompletableFuture
                    .<String>supplyAsync(() -> "x", Runnable::run)
                    .thenApply(x -> {
                        throw new IllegalArgumentException("ignored");
                    }));

            assertThatThrownBy(() -> result.toCompletableFuture().join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
            assertThat(cb.metrics().bufferedCalls()).isZero();
            assertThat(events.events()).containsExactly("IGNORED_ERROR 0 IllegalArgumentException");
        }

        @Test
        void aRejectionIsAFailedStage() {
            open();
            invocations.set(0);

            CompletionStage<String> result = cb.executeCompletionStage(() -> {
                invocations.incrementAndGet();
                return CompletableFuture.completedFuture("ran");
            });

            assertThatThrownBy(() -> result.toCompletableFuture().join())
                    .hasCauseInstanceOf(CallNotPermittedException.class);
            assertThat(invocations).hasValue(0);
        }

        @Test
        void aSupplierThatThrowsGivesAFailedStage() {
            IllegalStateException boom = new IllegalStateException("sync");

            CompletionStage<String> result = cb.executeCompletionStage(() -> {
                throw boom;
            });

            assertThatThrownBy(() -> result.toCompletableFuture().join()).hasCause(boom);
            assertThat(cb.metrics().failedCalls()).isEqualTo(1);
        }

        @Test
        void decoratedStagesArePassedThroughWhileDisabled() {
            cb.transitionToDisabledState();
            Supplier<CompletionStage<String>> decorated = cb.decorateCompletionStage(
                    () -> CompletableFuture.completedFuture("through"));

            assertThat(decorated.get().toCompletableFuture().join()).isEqualTo("through");
            assertThat(cb.metrics().bufferedCalls()).isZero();
        }
    }

    @Nested
    class Decorators {

        @Test
        void everyShapeIsProtected() throws Exception {
            Supplier<String> supplier = cb.decorateSupplier(() -> "s");
            Callable<String> callable = cb.decorateCallable(() -> "c");
            AtomicInteger runs = new AtomicInteger();
            Runnable runnable = cb.decorateRunnable(runs::incrementAndGet);
            Function<Integer, Integer> function = cb.decorateFunction(x -> x * 2);

            assertThat(supplier.get()).isEqualTo("s");
            assertThat(callable.call()).isEqualTo("c");
            runnable.run();
            assertThat(function.apply(21)).isEqualTo(42);

            assertThat(runs).hasValue(1);
            assertThat(cb.metrics().successfulCalls()).isEqualTo(4);

            cb.transitionToForcedOpenState();
            assertThatThrownBy(supplier::get).isInstanceOf(CallNotPermittedException.class);
            assertThatThrownBy(callable::call).isInstanceOf(CallNotPermittedException.class);
            assertThatThrownBy(runnable::run).isInstanceOf(CallNotPermittedException.class);
            assertThatThrownBy(() -> function.apply(1)).isInstanceOf(CallNotPermittedException.class);
            assertThat(runs).hasValue(1);
        }

        @Test
        void failuresOfEveryShapeAreRecorded() {
            RuntimeException boom = new IllegalStateException();
            assertThatThrownBy(() -> cb.executeRunnable(() -> {
                throw boom;
            })).isSameAs(boom);
            assertThatThrownBy(() -> cb.decorateFunction(x -> {
                throw boom;
            }).apply(1)).isSameAs(boom);
            assertThatThrownBy(() -> cb.execute(() -> {
                throw boom;
            }, Chain.terminal())).isSameAs(boom);

            assertThat(cb.metrics().failedCalls()).isEqualTo(3);
        }
    }

    @Nested
    class InAPipeline {

        @Test
        void recordsAndRejectsLikeAnyOtherPolicy() throws Throwable {
            CircuitBreaker outer = CircuitBreaker.of("outer", config().build());
            Pipeline pipeline = Pipeline.of(outer, cb);

            assertThat(pipeline.<String>execute(() -> "ok")).isEqualTo("ok");
            assertThat(pipeline.executeAsync(() -> CompletableFuture.completedFuture("async"))
                    .toCompletableFuture().join()).isEqualTo("async");
            cb.transitionToForcedOpenState();
            assertThatThrownBy(() -> pipeline.execute(() -> "never")).isInstanceOf(CallNotPermittedException.class);

            assertThat(cb.metrics().successfulCalls()).isEqualTo(2);
            assertThat(outer.metrics().successfulCalls()).isEqualTo(2);
            assertThat(outer.metrics().failedCalls()).isEqualTo(1); // the inner rejection is a failure to the outer one
        }
    }

    @Nested
    class ClockReads {

        @Test
        void aClosedCallReadsTheTickerTwice() {
            long before = ticker.reads();
            succeed();
            fail();
            assertThat(ticker.reads() - before).isEqualTo(4);
        }

        @Test
        void listenersDoNotAddReads() {
            cb.onEvent(event -> { });
            long before = ticker.reads();
            succeed();
            assertThat(ticker.reads() - before).isEqualTo(2);
        }

        @Test
        void aRejectionReadsItOnce() {
            open();
            long before = ticker.reads();
            rejected();
            assertThat(ticker.reads() - before).isEqualTo(1);
        }

        @Test
        void aHalfOpenTrialWithoutMaximumWaitAddsNoRead() {
            halfOpen();
            long before = ticker.reads();
            succeed();
            assertThat(ticker.reads() - before).isEqualTo(2);
        }
    }

    @Nested
    class Reconfiguration {

        @Test
        void newThresholdsApplyToTheNextCallsAndTheWindowIsKept() {
            fail();
            succeed();
            succeed();

            cb.reconfigure(config().failureRateThreshold(25).build());
            assertThat(cb.metrics().bufferedCalls()).isEqualTo(3);
            succeed();

            assertThat(cb.state()).isEqualTo(State.OPEN);
            assertThat(cb.config().failureRateThreshold()).isEqualTo(25f);
        }

        @Test
        void aWindowOfAnotherShapeStartsEmpty() {
            fail();
            fail();

            cb.reconfigure(config().slidingWindowSize(10).build());

            assertThat(cb.state()).isEqualTo(State.CLOSED);
            assertThat(cb.metrics().bufferedCalls()).isZero();
            assertThat(events.events()).doesNotContain("CLOSED->CLOSED");
        }

        @Test
        void stateAndListenersSurvive() {
            open();

            cb.reconfigure(config().waitDurationInOpenState(Duration.ofSeconds(1)).build());

            assertThat(cb.state()).isEqualTo(State.OPEN);
            ticker.advance(Duration.ofSeconds(1));
            rejected(); // the running wait keeps its length
            ticker.advance(WAIT);
            succeed();
            assertThat(events.events()).endsWith("NOT_PERMITTED", "OPEN->HALF_OPEN", "SUCCESS 0");
        }
    }

    @Test
    void toStringNamesTheBreakerAndItsState() {
        assertThat(cb).hasToString("CircuitBreaker 'backend' (CLOSED)");
    }

    @Test
    void ofDefaultsUsesTheDefaultConfiguration() {
        CircuitBreaker defaults = CircuitBreaker.ofDefaults("plain");
        assertThat(defaults.name()).isEqualTo("plain");
        assertThat(defaults.config()).isSameAs(CircuitBreakerConfig.ofDefaults());
        assertThat(defaults.state()).isEqualTo(State.CLOSED);
    }
}
