package dev.resilience.fallback;

import dev.resilience.core.AbstractPatternInstance;
import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.ExceptionClassifier;
import dev.resilience.core.Exceptions;
import dev.resilience.core.Stages;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The {@link Fallback} implementation. The synchronous path is a plain try/catch around the rest of the chain;
 * the asynchronous path follows the call's stage and then, one after the other, the handlers' results, without
 * ever blocking.
 *
 * <p>{@code handlers} holds {@link FallbackHandler}s and {@link AsyncStep}s, in chain order.
 */
final class DefaultFallback<T> extends AbstractPatternInstance<FallbackConfig, FallbackListener>
        implements Fallback<T> {

    private final ExceptionClassifier classifier;
    private final Object[] handlers;

    DefaultFallback(String name, FallbackConfig config, Object[] handlers) {
        super(name, config, FallbackListener.class, FallbackEvents::new);
        // "Default: all Exceptions" (the contract) — the classifier's own default would include Errors.
        this.classifier = ExceptionClassifier.of(config.applyOn().isEmpty() ? List.of(Exception.class)
                : config.applyOn(), config.ignore(), null);
        this.handlers = handlers;
    }

    @Override
    public int handlerCount() {
        return handlers.length;
    }

    @Override
    public <R> R execute(CheckedSupplier<? extends R> call, Chain next) throws Throwable {
        try {
            return next.proceed(call);
        } catch (Throwable failure) {
            return recover(failure, call);
        }
    }

    @SuppressWarnings("unchecked")
    private <R> R recover(Throwable failure, Object call) throws Throwable {
        if (!classifier.isRecorded(failure)) {
            throw failure;
        }
        for (int i = 0; i < handlers.length; i++) {
            R result;
            try {
                Object handler = handlers[i];
                result = handler instanceof AsyncStep
                        ? (R) await(((AsyncStep<? extends T>) handler).handler().handle(failure, call), i)
                        : (R) ((FallbackHandler<? extends T>) handler).handle(failure, call);
            } catch (Throwable declined) {
                suppress(failure, declined);
                continue;
            }
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            recovered(i, failure);
            return result;
        }
        allFailed(failure);
        throw failure;
    }

    /** Waits for an asynchronous handler in a synchronous call. */
    private static <V> V await(CompletionStage<V> stage, int index) throws Throwable {
        CompletableFuture<V> future = toFuture(stage, index);
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw Stages.unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    @Override
    public <R> CompletionStage<R> executeAsync(Supplier<? extends CompletionStage<R>> call, AsyncChain next) {
        try {
            CompletionStage<R> stage;
            try {
                stage = next.proceed(call);
            } catch (Throwable t) {
                stage = Stages.failed(t);
            }
            AsyncRecovery<R> recovery = new AsyncRecovery<>(call);
            recovery.result.follow(stage);
            stage.whenComplete(recovery);
            return recovery.result;
        } catch (Throwable t) {
            return Stages.failed(t);
        }
    }

    /** Follows one asynchronous call: its stage, then the handlers' results in turn. */
    private final class AsyncRecovery<R> implements java.util.function.BiConsumer<R, Throwable> {
        private final Object call;
        final ResultFuture<R> result = new ResultFuture<>();

        AsyncRecovery(Object call) {
            this.call = call;
        }

        /** The call's stage completed. */
        @Override
        public void accept(R value, Throwable failure) {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Throwable original = Stages.unwrap(failure);
            if (!classifier.isRecorded(original)) {
                result.completeExceptionally(original);
                return;
            }
            tryFrom(0, original);
        }

        @SuppressWarnings("unchecked")
        void tryFrom(int first, Throwable original) {
            for (int i = first; i < handlers.length; i++) {
                if (result.isDone()) {
                    return;
                }
                Object handler = handlers[i];
                try {
                    if (handler instanceof AsyncStep) {
                        CompletionStage<R> stage = (CompletionStage<R>) ((AsyncStep<? extends T>) handler).handler()
                                .handle(original, call);
                        if (stage == null) {
                            throw new NullPointerException("Fallback handler " + i + " returned a null CompletionStage");
                        }
                        int index = i;
                        // Not followed for cancellation: a handler's stage may be shared (a cache's future).
                        stage.whenComplete((value, declined) -> {
                            if (declined == null) {
                                recovered(index, original);
                                result.complete(value);
                            } else {
                                suppress(original, Stages.unwrap(declined));
                                tryFrom(index + 1, original);
                            }
                        });
                        return;
                    }
                    R value = (R) ((FallbackHandler<? extends T>) handler).handle(original, call);
                    recovered(i, original);
                    result.complete(value);
                    return;
                } catch (Throwable declined) {
                    suppress(original, declined);
                }
            }
            allFailed(original);
            result.completeExceptionally(original);
        }
    }

    /**
     * The future returned to the caller: cancelling it cancels the call's stage (so that inner policies, such as
     * a retry, stop), but not a handler's stage, which may be shared.
     */
    private static final class ResultFuture<R> extends CompletableFuture<R> {
        private volatile CompletionStage<?> upstream;

        void follow(CompletionStage<?> stage) {
            upstream = stage;
            if (isCancelled()) {
                cancel(stage);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                CompletionStage<?> stage = upstream;
                if (stage != null) {
                    cancel(stage);
                }
            }
            return cancelled;
        }

        private static void cancel(CompletionStage<?> stage) {
            if (stage instanceof Future) {
                ((Future<?>) stage).cancel(true);
            }
        }
    }

    private static <V> CompletableFuture<V> toFuture(CompletionStage<V> stage, int index) {
        if (stage == null) {
            throw new NullPointerException("Fallback handler " + index + " returned a null CompletionStage");
        }
        if (stage instanceof CompletableFuture) {
            return (CompletableFuture<V>) stage;
        }
        CompletableFuture<V> future = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(value);
            }
        });
        return future;
    }

    private static void suppress(Throwable original, Throwable declined) {
        // A handler may decline by rethrowing the original itself, and the original may be a shared instance:
        // Exceptions.addSuppressed skips the first and bounds the second.
        Exceptions.addSuppressed(original, declined);
    }

    private void recovered(int index, Throwable failure) {
        FallbackNotifications.recovered(listeners, this, index, failure);
    }

    private void allFailed(Throwable original) {
        FallbackNotifications.allFailed(listeners, this, original);
    }

    @Override
    public String toString() {
        FallbackConfig config = config();
        return "Fallback '" + name() + "' [handlers=" + handlers.length
                + (config.applyOn().isEmpty() ? "" : ", applyOn=" + names(config.applyOn()))
                + (config.ignore().isEmpty() ? "" : ", ignore=" + names(config.ignore())) + "]";
    }

    private static List<String> names(List<Class<? extends Throwable>> types) {
        return types.stream().map(Class::getSimpleName).toList();
    }
}
