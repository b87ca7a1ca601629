package dev.resilience.fallback;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Chain;
import dev.resilience.core.Pipeline;
import dev.resilience.core.ResilienceException;
import dev.resilience.core.event.ResilienceEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class FallbackTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final FallbackListener listener = new FallbackListener() {
        @Override
        public void onFallback(Fallback<?> fallback, int handlerIndex, Throwable failure) {
            events.add("fallback " + handlerIndex + " " + failure.getMessage());
        }

        @Override
        public void onFallbackFailed(Fallback<?> fallback, Throwable original) {
            events.add("failed " + original.getMessage());
        }
    };

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    private <T> Fallback<T> listened(Fallback<T> fallback) {
        fallback.addListener(listener);
        return fallback;
    }

    private static String run(Fallback<String> fallback, CheckedSupplier<String> call) throws Throwable {
        return fallback.execute(call, Chain.terminal());
    }

    /** A rejection of the library, as a circuit breaker or bulkhead would throw. */
    static final class Rejected extends ResilienceException {
        Rejected(String name) {
            super(name, "'" + name + "' rejected the call", null, false);
        }
    }

    @Nested
    class Factories {

        @Test
        void valueSupplierAndFunction() throws Throwable {
            IOException failure = new IOException("down");

            assertThat(run(Fallback.of("cached"), () -> {
                throw failure;
            })).isEqualTo("cached");
            assertThat(run(Fallback.ofSupplier(() -> "supplied"), () -> {
                throw failure;
            })).isEqualTo("supplied");
            assertThat(run(Fallback.ofFunction(t -> "from " + t.getMessage()), () -> {
                throw failure;
            })).isEqualTo("from down");
            assertThat(Fallback.of("x").name()).isEqualTo("fallback");
        }

        @Test
        void nullIsAValidReplacement() throws Throwable {
            assertThat(run(Fallback.<String>of(null), () -> {
                throw new IOException();
            })).isNull();
        }

        @Test
        void aSuccessfulCallIsUntouched() throws Throwable {
            Fallback<String> fallback = listened(Fallback.of("fallback"));

            assertThat(run(fallback, () -> "real")).isEqualTo("real");
            assertThat(events).isEmpty();
        }

        @Test
        void aBuilderNeedsAHandler() {
            assertThatThrownBy(() -> Fallback.builder("prices").build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Fallback 'prices' has no handler: add one with then(...) or thenAsync(...)");
        }

        @Test
        void describesItself() {
            Fallback<String> fallback = Fallback.<String>builder("PriceService#price")
                    .applyOn(IOException.class).ignore(FileNotFoundException.class)
                    .then(FallbackHandler.ofValue("a")).then(FallbackHandler.ofValue("b")).build();

            assertThat(fallback).hasToString(
                    "Fallback 'PriceService#price' [handlers=2, applyOn=[IOException], ignore=[FileNotFoundException]]");
            assertThat(fallback.handlerCount()).isEqualTo(2);
            assertThat(fallback.applyOn()).containsExactly(IOException.class);
            assertThat(fallback.ignore()).containsExactly(FileNotFoundException.class);
        }
    }

    @Nested
    class WhichFailures {

        @Test
        void everyExceptionByDefaultIncludingTheLibrarysRejections() throws Throwable {
            Fallback<String> fallback = Fallback.of("fallback");

            assertThat(run(fallback, () -> {
                throw new Rejected("backend");
            })).isEqualTo("fallback");
            assertThat(run(fallback, () -> {
                throw new IOException();
            })).isEqualTo("fallback");
        }

        @Test
        void noErrorByDefault() {
            Fallback<String> fallback = listened(Fallback.of("fallback"));
            AssertionError error = new AssertionError("bug");

            assertThatThrownBy(() -> run(fallback, () -> {
                throw error;
            })).isSameAs(error);
            assertThat(events).isEmpty();
        }

        @Test
        void applyOnRestrictsAndIgnoreWins() throws Throwable {
            Fallback<String> fallback = Fallback.<String>builder("f").applyOn(IOException.class)
                    .ignore(FileNotFoundException.class).then(FallbackHandler.ofValue("fallback")).build();
            IllegalStateException notApplied = new IllegalStateException();
            FileNotFoundException ignored = new FileNotFoundException();

            assertThat(run(fallback, () -> {
                throw new java.net.ConnectException();
            })).isEqualTo("fallback");
            assertThatThrownBy(() -> run(fallback, () -> {
                throw notApplied;
            })).isSameAs(notApplied);
            assertThatThrownBy(() -> run(fallback, () -> {
                throw ignored;
            })).isSameAs(ignored);
        }

        @Test
        void applyOnMayIncludeErrors() throws Throwable {
            Fallback<String> fallback = Fallback.<String>builder("f").applyOn(Throwable.class)
                    .then(FallbackHandler.ofValue("fallback")).build();

            assertThat(run(fallback, () -> {
                throw new StackOverflowError();
            })).isEqualTo("fallback");
        }
    }

    @Nested
    class Chains {

        @Test
        void handlersAreTriedInOrderAndTheFirstSuccessWins() throws Throwable {
            List<String> tried = new ArrayList<>();
            IOException failure = new IOException("down");
            Fallback<String> fallback = listened(Fallback.<String>builder("f")
                    .then((t, call) -> {
                        tried.add("cache");
                        throw new IllegalStateException("cache empty");
                    })
                    .then((t, call) -> {
                        tried.add("default");
                        return "default";
                    })
                    .then((t, call) -> {
                        tried.add("never");
                        return "never";
                    }).build());

            assertThat(run(fallback, () -> {
                throw failure;
            })).isEqualTo("default");

            assertThat(tried).containsExactly("cache", "default");
            assertThat(failure.getSuppressed()).extracting(Throwable::getMessage).containsExactly("cache empty");
            assertThat(events).containsExactly("fallback 1 down");
        }

        @Test
        void whenEveryHandlerFailsTheOriginalIsThrownWithEachFailureSuppressed() {
            IOException original = new IOException("down");
            Fallback<String> fallback = listened(Fallback.<String>builder("f")
                    .then((t, call) -> {
                        throw new IllegalStateException("first");
                    })
                    .then((t, call) -> {
                        throw new IOException("second");
                    })
                    .then((t, call) -> {
                        throw t; // declining by rethrowing the original
                    }).build());

            Throwable thrown = catchThrowable(() -> run(fallback, () -> {
                throw original;
            }));

            assertThat(thrown).isSameAs(original);
            assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage).containsExactly("first", "second");
            assertThat(events).containsExactly("failed down");
        }

        @Test
        void handlersReceiveTheCallObject() throws Throwable {
            AtomicReference<Object> seen = new AtomicReference<>();
            Fallback<String> fallback = Fallback.<String>builder("f").then((t, call) -> {
                seen.set(call);
                return "x";
            }).build();
            CheckedSupplier<String> call = () -> {
                throw new IOException();
            };

            fallback.execute(call, Chain.terminal());

            assertThat(seen.get()).isSameAs(call);
        }

        @Test
        void anAsyncHandlerInASynchronousCallIsWaitedFor() throws Throwable {
            Fallback<String> fallback = Fallback.<String>builder("f")
                    .thenAsync((t, call) -> CompletableFuture.failedFuture(new IllegalStateException("remote down")))
                    .thenAsync((t, call) -> CompletableFuture.supplyAsync(() -> "remote"))
                    .build();
            IOException failure = new IOException();

            assertThat(run(fallback, () -> {
                throw failure;
            })).isEqualTo("remote");
            assertThat(failure.getSuppressed()).extracting(Throwable::getMessage).containsExactly("remote down");
        }

        @Test
        void replacingAnInterruptKeepsTheInterruptFlag() throws Throwable {
            Fallback<String> fallback = Fallback.of("fallback");

            assertThat(run(fallback, () -> {
                throw new InterruptedException();
            })).isEqualTo("fallback");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }
    }

    @Nested
    class Asynchronous {

        private Throwable failureOf(CompletionStage<?> stage) {
            return stage.handle((value, failure) -> failure).toCompletableFuture().join();
        }

        @Test
        void anExceptionallyCompletedStageIsReplaced() {
            Fallback<String> fallback = listened(Fallback.ofFunction(t -> "for " + t.getMessage()));

            CompletionStage<String> stage = fallback.executeCompletionStage(
                    () -> CompletableFuture.failedFuture(new IOException("down")));

            assertThat(stage.toCompletableFuture().join()).isEqualTo("for down");
            assertThat(events).containsExactly("fallback 0 down");
        }

        @Test
        void theHandlerSeesTheFailureUnwrapped() {
            IOException failure = new IOException("down");
            AtomicReference<Throwable> seen = new AtomicReference<>();
            Fallback<String> fallback = Fallback.ofFunction(t -> {
                seen.set(t);
                return "x";
            });

            fallback.executeCompletionStage(() -> CompletableFuture.<String>completedFuture("a").thenApply(a -> {
                throw new CompletionException(failure);
            })).toCompletableFuture().join();

            assertThat(seen.get()).isSameAs(failure);
        }

        @Test
        void aSupplierThatThrowsIsReplacedToo() {
            Fallback<String> fallback = Fallback.of("fallback");

            CompletionStage<String> stage = fallback.executeCompletionStage(() -> {
                throw new IllegalStateException("sync");
            });

            assertThat(stage.toCompletableFuture().join()).isEqualTo("fallback");
        }

        @Test
        void aPendingCallIsNotBlockedOn() {
            Fallback<String> fallback = Fallback.of("fallback");
            CompletableFuture<String> call = new CompletableFuture<>();

            CompletableFuture<String> result = fallback.executeCompletionStage(() -> call).toCompletableFuture();

            assertThat(result).isNotDone();
            call.completeExceptionally(new IOException());
            assertThat(result.join()).isEqualTo("fallback");
        }

        @Test
        void aChainOfSyncAndAsyncHandlersWhereEveryHandlerFails() {
            IOException original = new IOException("down");
            CompletableFuture<String> slowRemote = new CompletableFuture<>();
            Fallback<String> fallback = listened(Fallback.<String>builder("f")
                    .then((t, call) -> {
                        throw new IllegalStateException("first");
                    })
                    .thenAsync((t, call) -> slowRemote)
                    .thenAsync((t, call) -> null)
                    .thenAsync((t, call) -> {
                        throw new IllegalArgumentException("fourth");
                    })
                    .build());

            CompletableFuture<String> result = fallback.executeCompletionStage(
                    () -> CompletableFuture.<String>failedFuture(original)).toCompletableFuture();
            assertThat(result).isNotDone();
            slowRemote.completeExceptionally(new CompletionException(new IOException("second")));

            assertThat(failureOf(result)).isSameAs(original);
            assertThat(original.getSuppressed()).extracting(Throwable::getMessage).containsExactly("first", "second",
                    "Fallback handler 2 returned a null CompletionStage", "fourth");
            assertThat(events).containsExactly("failed down");
        }

        @Test
        void anAsyncHandlerThatSucceedsAfterOthersFailed() {
            Fallback<String> fallback = listened(Fallback.<String>builder("f")
                    .thenAsync((t, call) -> CompletableFuture.failedFuture(new IllegalStateException("no")))
                    .thenAsync((t, call) -> CompletableFuture.completedFuture("second"))
                    .build());

            CompletionStage<String> stage = fallback.executeCompletionStage(
                    () -> CompletableFuture.failedFuture(new IOException("down")));

            assertThat(stage.toCompletableFuture().join()).isEqualTo("second");
            assertThat(events).containsExactly("fallback 1 down");
        }

        @Test
        void failuresThatDoNotApplyPassThroughUnchanged() {
            Fallback<String> fallback = Fallback.<String>builder("f").applyOn(IOException.class)
                    .then(FallbackHandler.ofValue("x")).build();
            IllegalStateException failure = new IllegalStateException();

            CompletionStage<String> stage = fallback.executeCompletionStage(
                    () -> CompletableFuture.failedFuture(failure));

            assertThat(failureOf(stage)).isSameAs(failure);
        }

        @Test
        void cancellingTheResultCancelsTheCallsStage() {
            Fallback<String> fallback = Fallback.of("fallback");
            CompletableFuture<String> call = new CompletableFuture<>();

            CompletableFuture<String> result = fallback.executeCompletionStage(() -> call).toCompletableFuture();
            result.cancel(true);

            assertThat(call).isCancelled();
        }

        @Test
        void handlersReceiveTheAsyncCallObject() {
            AtomicReference<Object> seen = new AtomicReference<>();
            Fallback<String> fallback = Fallback.<String>builder("f").then((t, call) -> {
                seen.set(call);
                return "x";
            }).build();
            Supplier<CompletionStage<String>> call = () -> CompletableFuture.failedFuture(new IOException());

            fallback.executeAsync(call, AsyncChain.terminal()).toCompletableFuture().join();

            assertThat(seen.get()).isSameAs(call);
        }
    }

    @Nested
    class Composition {

        @Test
        void outermostFallbackSeesOnlyTheFinalOutcomeOfTheInnerPolicies() {
            List<String> attempts = new ArrayList<>();
            // An inner policy that calls twice, like a retry would: the fallback must only see the end.
            dev.resilience.core.Policy twice = new dev.resilience.core.Policy() {
                @Override
                public String name() {
                    return "twice";
                }

                @Override
                public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
                    try {
                        return next.proceed(call);
                    } catch (Throwable first) {
                        return next.proceed(call);
                    }
                }

                @Override
                public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call,
                        AsyncChain next) {
                    return next.proceed(call);
                }
            };
            Fallback<String> fallback = listened(Fallback.of("fallback"));

            String result = Pipeline.of(fallback, twice).executeSupplier(() -> {
                attempts.add("attempt");
                if (attempts.size() == 1) {
                    throw new IllegalStateException("first");
                }
                return "second attempt";
            });

            assertThat(result).isEqualTo("second attempt");
            assertThat(events).isEmpty();
        }
    }

    @Nested
    class Listeners {

        @Test
        void eventsWithTheBuildersClock() throws Throwable {
            Instant now = Instant.parse("2026-11-02T10:15:30Z");
            Fallback<String> fallback = Fallback.<String>builder("Prices#price")
                    .then((t, call) -> {
                        throw new IllegalStateException("no cache");
                    })
                    .then(FallbackHandler.ofValue("default"))
                    .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
            Fallback<String> failing = Fallback.<String>builder("Prices#other")
                    .then((t, call) -> {
                        throw new IllegalStateException("no");
                    }).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
            List<ResilienceEvent> received = new ArrayList<>();
            fallback.onEvent(received::add);
            FallbackListener adapter = failing.onEvent(received::add);

            run(fallback, () -> {
                throw new IOException("down");
            });
            catchThrowable(() -> run(failing, () -> {
                throw new IOException("down");
            }));
            failing.removeListener(adapter);
            catchThrowable(() -> run(failing, () -> {
                throw new IOException("again");
            }));

            assertThat(received).hasSize(2);
            assertThat(received.get(0).pattern()).isEqualTo("fallback");
            assertThat(received.get(0).name()).isEqualTo("Prices#price");
            assertThat(received.get(0).type()).isEqualTo("FALLBACK");
            assertThat(received.get(0).time()).isEqualTo(now);
            assertThat(received.get(0).details()).containsExactly(Map.entry("handlerIndex", 1),
                    Map.entry("error", "java.io.IOException: down"));
            assertThat(received.get(1).type()).isEqualTo("FALLBACK_FAILED");
            assertThat(received.get(1).details()).containsExactly(Map.entry("error", "java.io.IOException: down"),
                    Map.entry("suppressed", 1));
        }

        @Test
        void aThrowingListenerDoesNotChangeTheOutcome() throws Throwable {
            Fallback<String> fallback = Fallback.of("fallback");
            fallback.addListener(new FallbackListener() {
                @Override
                public void onFallback(Fallback<?> f, int handlerIndex, Throwable failure) {
                    throw new IllegalStateException("listener bug");
                }
            });
            fallback.addListener(listener);

            assertThat(run(fallback, () -> {
                throw new IOException("down");
            })).isEqualTo("fallback");
            assertThat(events).containsExactly("fallback 0 down");
        }
    }
}
