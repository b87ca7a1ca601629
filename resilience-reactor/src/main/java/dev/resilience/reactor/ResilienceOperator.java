package dev.resilience.reactor;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.resilience.core.AsyncPolicy;
import dev.resilience.core.Pipeline;
import dev.resilience.core.Policy;
import dev.resilience.core.Stages;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Runs a {@link Mono} or a {@link Flux} under a {@link Policy} (one pattern instance, or a {@link Pipeline} of
 * several), with the semantics of the annotations on {@code Mono}/{@code Flux} methods:
 *
 * <pre>{@code
 * Mono<Quote> quote = webClient.get().uri("/quote").retrieve().bodyToMono(Quote.class)
 *         .transformDeferred(ResilienceOperator.of(Pipeline.of(retry, circuitBreaker, timeout)));
 * Flux<Price> prices = priceFeed.stream()
 *         .transformDeferred(ResilienceOperator.of(bulkhead));
 * }</pre>
 *
 * <ul>
 *   <li><b>Lazily, once per subscription.</b> Nothing happens until the result is subscribed to; each
 *       subscription is one protected call. Use {@code transformDeferred} (or {@code transform}; the operator
 *       defers itself either way).
 *   <li><b>Resubscribe on retry.</b> Each attempt of a retry subscribes to the source anew, so the work is
 *       done again (a {@code WebClient} request is sent again). Elements a {@code Flux} emitted before it failed
 *       are emitted again by the next attempt, as Reactor's own {@code retry()} does.
 *   <li><b>Outcome on the terminal signal.</b> A circuit breaker records a success when the source completes
 *       (a {@code Mono} with its value or empty) and a failure when it errors; a bulkhead holds its permit,
 *       and a timeout runs, from subscription to that signal.
 *   <li><b>A {@code Flux} keeps streaming.</b> Elements reach the subscriber as the source emits them, with
 *       the subscriber's demand passed on (backpressure); the patterns see the whole stream as one call.
 *   <li><b>Cancellation lets go.</b> Cancelling the subscription cancels the source and the call in flight:
 *       a bulkhead gives its permit back, a pending retry or timeout is dropped, and a circuit breaker
 *       records nothing (an abandoned call is neither a success nor a failure).
 *   <li><b>Rejections are errors.</b> An open breaker, a full bulkhead, an exhausted rate limit or an
 *       expired timeout end the result with the pattern's exception ({@code CallNotPermittedException},
 *       {@code BulkheadFullException}, {@code RateLimitExceededException}, {@code TimeoutExceededException});
 *       the source is not subscribed to when a call is rejected up front.
 *   <li><b>Context.</b> The subscriber's Reactor {@code Context} reaches the source.
 * </ul>
 *
 * <p>A {@code Fallback} in the pipeline replaces a {@code Mono}'s failure with its value; for a {@code Flux}
 * the fallback's value (if not {@code null}) is emitted as one last element before completion.
 *
 * <p>The operator holds no state of its own per subscription beyond the subscription itself: one instance can
 * be shared by any number of publishers. Thread-safe.
 *
 * @param <T> the element type
 * @since 0.1.0
 */
public final class ResilienceOperator<T> implements UnaryOperator<Publisher<T>> {

    private final AsyncPolicy policy;

    private ResilienceOperator(AsyncPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * An operator that runs publishers under {@code policy}: a pattern instance or a {@link Pipeline}
     * (listed outermost first). Publishers run asynchronously, so an asynchronous-only policy (a thread-pool
     * bulkhead, an {@link dev.resilience.core.AsyncPipeline}) fits too.
     *
     * @throws NullPointerException when {@code policy} is {@code null}
     */
    public static <T> ResilienceOperator<T> of(AsyncPolicy policy) {
        return new ResilienceOperator<>(policy);
    }

    /** The policy the publishers run under. */
    public AsyncPolicy policy() {
        return policy;
    }

    /**
     * {@code source} under the policy: a {@link Mono} for a {@code Mono}, else a {@link Flux}.
     */
    @Override
    public Publisher<T> apply(Publisher<T> source) {
        Objects.requireNonNull(source, "source");
        if (source instanceof Mono<T> mono) {
            return mono(mono);
        }
        return flux(Flux.from(source));
    }

    private Mono<T> mono(Mono<T> source) {
        return Mono.create(sink -> {
            Execution<T> execution = new Execution<>();
            sink.onCancel(execution::cancel);
            execution.start(policy, () -> {
                CompletableFuture<T> attempt = source.contextWrite(sink.contextView()).toFuture();
                execution.attempt(attempt);
                return attempt;
            }, (value, error) -> complete(sink, value, error));
        });
    }

    private Flux<T> flux(Flux<T> source) {
        return Flux.create(sink -> {
            Execution<T> execution = new Execution<>();
            AtomicReference<FluxAttempt<T>> current = new AtomicReference<>();
            sink.onRequest(demand -> {
                FluxAttempt<T> attempt = current.get();
                if (attempt != null) {
                    attempt.requestMore(demand);
                }
            });
            sink.onCancel(execution::cancel);
            execution.start(policy, () -> {
                FluxAttempt<T> attempt = new FluxAttempt<>(sink);
                current.set(attempt);
                execution.attempt(attempt.done);
                source.contextWrite(sink.contextView()).subscribe(attempt);
                return attempt.done;
            }, (value, error) -> {
                if (error != null) {
                    sink.error(error);
                    return;
                }
                if (value != null) {
                    sink.next(value); // a fallback's replacement
                }
                sink.complete();
            });
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    private static <T> void complete(MonoSink<T> sink, T value, Throwable error) {
        if (error != null) {
            sink.error(error);
        } else {
            sink.success(value);
        }
    }

    /** How one subscription's call ends: its value or its (unwrapped) failure. */
    @FunctionalInterface
    private interface Outcome<T> {
        void accept(T value, Throwable error);
    }

    /**
     * One subscription's protected call: the stage the policy returned and the attempt in flight, so that a
     * cancellation reaches both, outermost first. The policy's stage is cancelled first so that a circuit
     * breaker learns the call was abandoned before the attempt's cancellation could look like its failure;
     * the attempt is then cancelled in case some policy in between does not pass cancellation on.
     */
    private static final class Execution<T> {

        private final AtomicReference<CompletionStage<T>> outcome = new AtomicReference<>();

        private final AtomicReference<CompletableFuture<?>> attempt = new AtomicReference<>();

        private volatile boolean cancelled;

        void start(AsyncPolicy policy, Supplier<CompletionStage<T>> call, Outcome<T> then) {
            if (cancelled) {
                return;
            }
            CompletionStage<T> stage = policy.executeCompletionStage(call);
            outcome.set(stage);
            if (cancelled) {
                cancel();
            }
            stage.whenComplete((value, error) -> {
                if (!cancelled) {
                    then.accept(value, error == null ? null : Stages.unwrap(error));
                }
            });
        }

        void attempt(CompletableFuture<?> current) {
            attempt.set(current);
            // Before the policy's stage is known, start() cancels this attempt once it is (see cancel()).
            if (cancelled && outcome.get() != null) {
                current.cancel(true);
            }
        }

        void cancel() {
            cancelled = true;
            CompletionStage<T> stage = outcome.get();
            if (stage == null) {
                // The policy is still starting the call (a source that emits at once lets the subscriber cancel
                // from inside it). Cancelling the attempt now would reach the policy as the call's failure: start()
                // sees the flag once the policy's stage is known and cancels both, outermost first.
                return;
            }
            cancel(stage);
            CompletableFuture<?> current = attempt.get();
            if (current != null) {
                current.cancel(true);
            }
        }

        private static void cancel(CompletionStage<?> stage) {
            // A minimal stage cannot be cancelled: the attempt itself is still cancelled below.
            Stages.cancel(stage, true);
        }
    }

    /**
     * One attempt at a {@code Flux}: forwards its elements to the caller's sink, asks the source for what the
     * caller still wants (and more as the caller asks), and completes {@link #done} with the attempt's
     * terminal signal. Cancelling {@code done} cancels the source.
     */
    private static final class FluxAttempt<T> extends BaseSubscriber<T> {

        private final FluxSink<T> sink;

        final CompletableFuture<T> done = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                dispose();
                return cancelled;
            }
        };

        FluxAttempt(FluxSink<T> sink) {
            this.sink = sink;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            long demand = sink.requestedFromDownstream();
            if (demand > 0) {
                subscription.request(demand);
            }
        }

        void requestMore(long demand) {
            if (demand > 0) {
                request(demand);
            }
        }

        @Override
        protected void hookOnNext(T value) {
            sink.next(value);
        }

        @Override
        protected void hookOnComplete() {
            done.complete(null);
        }

        @Override
        protected void hookOnError(Throwable failure) {
            done.completeExceptionally(failure);
        }
    }
}
