package dev.resilience.retry;

import dev.resilience.core.Chain;
import dev.resilience.core.Pipeline;
import dev.resilience.core.event.ResilienceEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The synchronous path. */
class RetryTest {

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final RecordingListener listener = new RecordingListener();

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    private Retry retry(RetryConfig.Builder builder) {
        Retry retry = Retry.of("backend", builder.sleeper(sleeper).build());
        retry.addListener(listener);
        return retry;
    }

    /** A call that throws the given failures in turn, then returns "ok". */
    private static Supplier<String> failing(RuntimeException... failures) {
        Iterator<RuntimeException> next = List.of(failures).iterator();
        return () -> {
            if (next.hasNext()) {
                throw next.next();
            }
            return "ok";
        };
    }

    private static void assertMetrics(Retry retry, long successWithout, long successWith, long failedWithout,
            long failedWith) {
        Retry.Metrics metrics = retry.metrics();
        assertThat(List.of(metrics.successfulCallsWithoutRetry(), metrics.successfulCallsWithRetry(),
                metrics.failedCallsWithoutRetry(), metrics.failedCallsWithRetry()))
                .containsExactly(successWithout, successWith, failedWithout, failedWith);
    }

    @Nested
    class Outcomes {

        @Test
        void successAtTheFirstAttemptNeitherWaitsNorRetries() {
            Retry retry = retry(RetryConfig.builder());

            assertThat(retry.executeSupplier(() -> "ok")).isEqualTo("ok");

            assertThat(sleeper.waits).isEmpty();
            assertThat(listener.events).containsExactly("success 1");
            assertMetrics(retry, 1, 0, 0, 0);
        }

        @Test
        void retriesUntilSuccessWaitingBetweenAttempts() {
            Retry retry = retry(RetryConfig.builder());

            String result = retry.executeSupplier(failing(new IllegalStateException("a"), new IllegalStateException("b")));

            assertThat(result).isEqualTo("ok");
            assertThat(sleeper.waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
            assertThat(listener.events).containsExactly(
                    "retry 1 wait=PT0.5S IllegalStateException(a)",
                    "retry 2 wait=PT0.5S IllegalStateException(b)",
                    "success 3");
            assertMetrics(retry, 0, 1, 0, 0);
        }

        @Test
        void rethrowsTheLastFailureUnchangedWhenAttemptsAreExhausted() throws Exception {
            Retry retry = retry(RetryConfig.builder());
            IOException last = new IOException("third");
            Iterator<IOException> failures = List.of(new IOException("first"), new IOException("second"), last)
                    .iterator();
            AtomicInteger calls = new AtomicInteger();

            Throwable thrown = catchThrowable(() -> retry.executeCallable(() -> {
                calls.incrementAndGet();
                throw failures.next();
            }));

            assertThat(thrown).isSameAs(last);
            assertThat(thrown.getSuppressed()).isEmpty();
            assertThat(calls).hasValue(3);
            assertThat(listener.events).containsExactly(
                    "retry 1 wait=PT0.5S IOException(first)",
                    "retry 2 wait=PT0.5S IOException(second)",
                    "error 3 IOException(third)");
            assertMetrics(retry, 0, 0, 0, 1);
        }

        @Test
        void maxAttemptsOneCallsOnceAndNeverWaits() {
            Retry retry = retry(RetryConfig.builder().maxAttempts(1));
            AtomicInteger calls = new AtomicInteger();
            IllegalStateException failure = new IllegalStateException("once");

            assertThatThrownBy(() -> retry.executeRunnable(() -> {
                calls.incrementAndGet();
                throw failure;
            })).isSameAs(failure);

            assertThat(calls).hasValue(1);
            assertThat(sleeper.waits).isEmpty();
            assertThat(listener.events).containsExactly("error 1 IllegalStateException(once)");
            assertMetrics(retry, 0, 0, 1, 0);
        }

        @Test
        void zeroWaitDoesNotCallTheSleeper() {
            Retry retry = retry(RetryConfig.builder().waitDuration(Duration.ZERO));

            assertThat(retry.executeSupplier(failing(new IllegalStateException()))).isEqualTo("ok");

            assertThat(sleeper.waits).isEmpty();
            assertThat(listener.events).first().isEqualTo("retry 1 wait=PT0S IllegalStateException(null)");
        }

        @Test
        void exponentialWaitsReachTheirCap() {
            Retry retry = retry(RetryConfig.builder().maxAttempts(6).waitDuration(Duration.ofMillis(100))
                    .enableExponentialBackoff(true).exponentialMaxWaitDuration(Duration.ofMillis(300)));

            assertThatThrownBy(() -> retry.executeRunnable(() -> {
                throw new IllegalStateException();
            })).isInstanceOf(IllegalStateException.class);

            assertThat(sleeper.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                    Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300));
        }
    }

    @Nested
    class WhatIsRetried {

        @Test
        void aFailureThatIsNotRetryableIsPassedOnAtOnce() {
            Retry retry = retry(RetryConfig.builder().retryExceptions(IOException.class));
            IllegalArgumentException failure = new IllegalArgumentException("bad input");
            AtomicInteger calls = new AtomicInteger();

            assertThatThrownBy(() -> retry.executeRunnable(() -> {
                calls.incrementAndGet();
                throw failure;
            })).isSameAs(failure);

            assertThat(calls).hasValue(1);
            assertThat(listener.events).containsExactly("ignored IllegalArgumentException(bad input)");
            assertMetrics(retry, 0, 0, 1, 0);
        }

        @Test
        void anIgnoredFailureAfterRetriesCountsAsFailedWithRetry() throws Exception {
            Retry retry = retry(RetryConfig.builder().ignoreExceptions(FileNotFoundException.class));
            Iterator<IOException> failures = List.of(new IOException("flaky"), new FileNotFoundException("gone"))
                    .iterator();

            assertThatThrownBy(() -> retry.executeCallable(() -> {
                throw failures.next();
            })).isInstanceOf(FileNotFoundException.class);

            assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S IOException(flaky)",
                    "ignored FileNotFoundException(gone)");
            assertMetrics(retry, 0, 0, 0, 1);
        }

        @Test
        void errorsAreNotRetriedByDefault() {
            Retry retry = retry(RetryConfig.builder());
            AtomicInteger calls = new AtomicInteger();

            assertThatThrownBy(() -> retry.executeRunnable(() -> {
                calls.incrementAndGet();
                throw new AssertionError("bug");
            })).isInstanceOf(AssertionError.class);

            assertThat(calls).hasValue(1);
        }

        @Test
        void anInterruptedExceptionFromTheCallIsNeverRetried() {
            Retry retry = retry(RetryConfig.builder().retryOnException(t -> true));
            AtomicInteger calls = new AtomicInteger();
            InterruptedException interrupted = new InterruptedException();

            assertThatThrownBy(() -> retry.executeCallable(() -> {
                calls.incrementAndGet();
                throw interrupted;
            })).isSameAs(interrupted);

            assertThat(calls).hasValue(1);
            assertThat(listener.events).containsExactly("ignored InterruptedException(null)");
        }

        @Test
        void retriesOnRejectedResultsAndReturnsTheFirstAcceptedOne() {
            Retry retry = retry(RetryConfig.builder().retryOnResult("busy"::equals));
            Iterator<String> results = List.of("busy", "busy", "done").iterator();

            assertThat(retry.executeSupplier(results::next)).isEqualTo("done");

            assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S result", "retry 2 wait=PT0.5S result",
                    "success 3");
            assertMetrics(retry, 0, 1, 0, 0);
        }

        @Test
        void returnsTheLastResultWhenResultsKeepBeingRejected() {
            Retry retry = retry(RetryConfig.builder().retryOnResult(r -> ((String) r).startsWith("busy")));
            Iterator<String> results = List.of("busy 1", "busy 2", "busy 3").iterator();

            assertThat(retry.executeSupplier(results::next)).isEqualTo("busy 3");

            assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S result", "retry 2 wait=PT0.5S result",
                    "error 3 result");
            assertMetrics(retry, 0, 0, 0, 1);
        }

        @Test
        void mixedFailuresAndResults() {
            Retry retry = retry(RetryConfig.builder().retryOnResult(r -> r == null));
            AtomicInteger calls = new AtomicInteger();

            String result = retry.executeSupplier(() -> switch (calls.incrementAndGet()) {
                case 1 -> throw new IllegalStateException("down");
                case 2 -> null;
                default -> "up";
            });

            assertThat(result).isEqualTo("up");
            assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S IllegalStateException(down)",
                    "retry 2 wait=PT0.5S result", "success 3");
        }

        @Test
        void aThrowingPredicateEndsTheCallWithItsException() {
            IllegalStateException predicateBug = new IllegalStateException("predicate bug");
            Retry retry = retry(RetryConfig.builder().retryOnResult(r -> {
                if ("bug".equals(r)) {
                    throw predicateBug;
                }
                return "busy".equals(r);
            }));
            Iterator<String> results = List.of("busy", "bug").iterator();

            assertThatThrownBy(() -> retry.executeSupplier(results::next)).isSameAs(predicateBug);

            assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S result",
                    "error 2 IllegalStateException(predicate bug)");
            assertMetrics(retry, 0, 0, 0, 1);
        }

        @Test
        void aPredicateThrowingAtTheFirstResultIsCountedToo() {
            IllegalStateException predicateBug = new IllegalStateException("predicate bug");
            Retry retry = retry(RetryConfig.builder().retryOnResult(r -> {
                throw predicateBug;
            }));

            assertThatThrownBy(() -> retry.executeSupplier(() -> "x")).isSameAs(predicateBug);

            assertThat(listener.events).containsExactly("error 1 IllegalStateException(predicate bug)");
            assertMetrics(retry, 0, 0, 1, 0);
        }
    }

    @Nested
    class Interrupts {

        private final Sleeper interruptedSleeper = nanos -> {
            throw new InterruptedException("stop waiting");
        };

        @Test
        void anInterruptDuringAWaitEndsTheCallWithItsLastFailureAndKeepsTheFlag() {
            Retry retry = Retry.of("backend", RetryConfig.builder().sleeper(interruptedSleeper).build());
            retry.addListener(listener);
            IllegalStateException failure = new IllegalStateException("down");
            AtomicInteger calls = new AtomicInteger();

            Throwable thrown = catchThrowable(() -> retry.executeRunnable(() -> {
                calls.incrementAndGet();
                throw failure;
            }));

            assertThat(thrown).isSameAs(failure);
            assertThat(thrown.getSuppressed()).singleElement()
                    .satisfies(s -> assertThat(s).isInstanceOf(InterruptedException.class).hasMessage("stop waiting"));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(calls).hasValue(1);
            assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S IllegalStateException(down)",
                    "error 1 IllegalStateException(down)");
            assertMetrics(retry, 0, 0, 1, 0);
        }

        @Test
        void anInterruptDuringAWaitForAResultReturnsTheLastResult() {
            Retry retry = Retry.of("backend", RetryConfig.builder().sleeper(interruptedSleeper)
                    .retryOnResult("busy"::equals).build());

            assertThat(retry.executeSupplier(() -> "busy")).isEqualTo("busy");

            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertMetrics(retry, 0, 0, 1, 0);
        }

        @Test
        void theSystemSleeperStopsAtOnceOnAnInterruptedThread() {
            Retry retry = Retry.of("backend", RetryConfig.builder().waitDuration(Duration.ofHours(1)).build());
            IllegalStateException failure = new IllegalStateException("down");
            Thread.currentThread().interrupt();

            assertThatThrownBy(() -> retry.executeRunnable(() -> {
                throw failure;
            })).isSameAs(failure);

            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }
    }

    @Nested
    class Listeners {

        @Test
        void aThrowingListenerNeitherBreaksTheCallNorOtherListeners() {
            Retry retry = Retry.of("backend", RetryConfig.builder().sleeper(sleeper).build());
            retry.addListener(new RetryListener() {
                @Override
                public void onRetry(Retry r, int attempt, long waitNanos, Throwable lastErrorOrNull) {
                    throw new IllegalStateException("listener bug");
                }

                @Override
                public void onSuccess(Retry r, int attempts) {
                    throw new AssertionError("listener bug");
                }
            });
            retry.addListener(listener);

            assertThat(retry.executeSupplier(failing(new IllegalStateException("x")))).isEqualTo("ok");

            assertThat(listener.events).containsExactly("retry 1 wait=PT0.5S IllegalStateException(x)", "success 2");
        }

        @Test
        void removedListenersAreNoLongerTold() {
            Retry retry = retry(RetryConfig.builder());
            retry.executeSupplier(() -> "a");

            retry.removeListener(listener);
            retry.executeSupplier(() -> "b");

            assertThat(listener.events).containsExactly("success 1");
        }

        @Test
        void eventsCarryTypeDetailsAndTheClocksTime() {
            Instant now = Instant.parse("2026-11-02T10:15:30Z");
            Retry retry = Retry.of("inventory", RetryConfig.builder().sleeper(sleeper)
                    .clock(Clock.fixed(now, ZoneOffset.UTC)).ignoreExceptions(FileNotFoundException.class).build());
            List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
            retry.onEvent(events::add);

            retry.executeSupplier(failing(new IllegalStateException("down")));
            catchThrowable(() -> retry.executeCallable(() -> {
                throw new FileNotFoundException("gone");
            }));
            retry.executeSupplier(() -> "ok");
            catchThrowable(() -> retry.executeRunnable(() -> {
                throw new IllegalStateException("always");
            }));

            assertThat(events).extracting(ResilienceEvent::type).containsExactly("RETRY", "SUCCESS", "IGNORED_ERROR",
                    "SUCCESS", "RETRY", "RETRY", "ERROR");
            assertThat(events).allSatisfy(event -> {
                assertThat(event.pattern()).isEqualTo("retry");
                assertThat(event.name()).isEqualTo("inventory");
                assertThat(event.time()).isEqualTo(now);
            });
            assertThat(events.get(0).details()).containsExactly(Map.entry("attempt", 1),
                    Map.entry("waitDuration", Duration.ofMillis(500)),
                    Map.entry("error", "java.lang.IllegalStateException: down"));
            assertThat(events.get(1).details()).containsExactly(Map.entry("attempts", 2));
            assertThat(events.get(2).details())
                    .containsExactly(Map.entry("error", "java.io.FileNotFoundException: gone"));
            assertThat(events.get(6).details()).containsExactly(Map.entry("attempts", 3),
                    Map.entry("error", "java.lang.IllegalStateException: always"));
            assertThat(events.get(6)).hasToString(
                    "2026-11-02T10:15:30Z retry 'inventory' ERROR {attempts=3, error=java.lang.IllegalStateException: always}");
        }

        @Test
        void theEventAdapterCanBeRemoved() {
            Retry retry = retry(RetryConfig.builder());
            List<ResilienceEvent> events = new ArrayList<>();
            RetryListener adapter = retry.onEvent(events::add);

            retry.removeListener(adapter);
            retry.executeSupplier(() -> "ok");

            assertThat(events).isEmpty();
        }
    }

    @Nested
    class Reconfiguration {

        @Test
        void keepsMetricsAndListenersAndAppliesToNewCalls() {
            Retry retry = retry(RetryConfig.builder());
            assertThatThrownBy(() -> retry.executeRunnable(() -> {
                throw new IllegalStateException();
            }));
            RetryConfig smaller = RetryConfig.builder().maxAttempts(2).sleeper(sleeper).build();

            retry.reconfigure(smaller);
            AtomicInteger calls = new AtomicInteger();
            assertThatThrownBy(() -> retry.executeRunnable(() -> {
                calls.incrementAndGet();
                throw new IllegalStateException();
            }));

            assertThat(retry.config()).isSameAs(smaller);
            assertThat(calls).hasValue(2);
            assertMetrics(retry, 0, 0, 0, 2);
            assertThat(listener.events).filteredOn(e -> e.startsWith("error")).hasSize(2);
        }

        @Test
        void aCallThatStartedKeepsItsConfiguration() {
            Retry retry = Retry.of("backend", RetryConfig.builder().maxAttempts(3).sleeper(sleeper).build());
            AtomicInteger calls = new AtomicInteger();

            assertThatThrownBy(() -> retry.executeRunnable(() -> {
                if (calls.incrementAndGet() == 1) {
                    retry.reconfigure(RetryConfig.builder().maxAttempts(1).build());
                }
                throw new IllegalStateException();
            }));

            assertThat(calls).hasValue(3);
        }
    }

    @Nested
    class Composition {

        @Test
        void worksInAPipelineAndThroughEveryDecorator() throws Exception {
            Retry retry = retry(RetryConfig.builder().waitDuration(Duration.ZERO));
            Pipeline pipeline = Pipeline.of(retry);

            assertThat(pipeline.executeSupplier(failing(new IllegalStateException()))).isEqualTo("ok");
            assertThat(retry.decorateSupplier(failing(new IllegalStateException())).get()).isEqualTo("ok");
            assertThat(retry.decorateCallable(() -> "c").call()).isEqualTo("c");
            assertThat(retry.decorateFunction((Integer i) -> i + 1).apply(1)).isEqualTo(2);
            AtomicInteger runs = new AtomicInteger();
            retry.decorateRunnable(() -> {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException();
                }
            }).run();
            assertThat(runs).hasValue(2);
        }

        @Test
        void eachAttemptGoesThroughTheInnerPolicies() throws Throwable {
            Retry retry = retry(RetryConfig.builder().waitDuration(Duration.ZERO));
            List<String> trace = new ArrayList<>();
            Chain inner = new Chain() {
                @Override
                public <T> T proceed(dev.resilience.core.CheckedSupplier<? extends T> call) throws Throwable {
                    trace.add("inner");
                    return call.get();
                }
            };

            String result = retry.execute(() -> {
                trace.add("call");
                if (trace.size() < 4) {
                    throw new IllegalStateException();
                }
                return "ok";
            }, inner);

            assertThat(result).isEqualTo("ok");
            assertThat(trace).containsExactly("inner", "call", "inner", "call");
        }
    }
}
