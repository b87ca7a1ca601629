package dev.resilience.retry;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Stages;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One asynchronous call: starts an attempt ({@link #run()}), reacts to its outcome ({@link #accept}) with the
 * shared {@link RetryCall} decisions, and schedules the next attempt on the configuration's scheduler. No
 * thread ever waits: between attempts the call is only a task in the scheduler's queue.
 *
 * <p>Cancellation: the returned future, when cancelled, cancels the pending scheduled attempt and the attempt
 * in flight, and ends the call as failed with a {@link CancellationException}. A caller that completes the
 * returned future itself stops the retries too; the next step that sees it ends the call the same way. Every step checks whether the
 * returned future is done before starting more work, and rechecks after publishing what it started, so a
 * cancellation racing with a step is seen by one side or the other.
 */
final class AsyncRetryCall<T> extends RetryCall implements Runnable, BiConsumer<T, Throwable> {

    private final Supplier<? extends CompletionStage<T>> call;
    private final AsyncChain next;
    private final ResultFuture<T> result = new ResultFuture<>(this);
    private volatile Future<?> pending;
    private volatile CompletionStage<T> inFlight;

    AsyncRetryCall(DefaultRetry retry, RetryConfig config, Supplier<? extends CompletionStage<T>> call,
            AsyncChain next) {
        super(retry, config);
        this.call = call;
        this.next = next;
    }

    CompletableFuture<T> result() {
        return result;
    }

    /** Starts one attempt; the first on the caller's thread, the next ones on the scheduler. */
    @Override
    public void run() {
        pending = null;
        if (result.isDone()) {
            abandoned();
            return;
        }
        CompletionStage<T> stage;
        try {
            stage = next.proceed(call);
            if (stage == null) {
                stage = Stages.failed(new NullPointerException("The call returned a null CompletionStage"));
            }
        } catch (Throwable t) {
            stage = Stages.failed(t);
        }
        inFlight = stage;
        if (result.isDone()) {
            cancel(stage);
        }
        stage.whenComplete(this);
    }

    /** An attempt completed. */
    @Override
    public void accept(T value, Throwable failure) {
        inFlight = null;
        if (result.isDone()) {
            abandoned();
            return;
        }
        Throwable error = failure == null ? null : Stages.unwrap(failure);
        long wait;
        try {
            wait = error != null ? onError(error) : onResult(value);
        } catch (Throwable decisionFailure) {
            onFailure(decisionFailure);
            result.completeExceptionally(decisionFailure);
            return;
        }
        if (wait < 0) {
            end(value, error, null);
            return;
        }
        Future<?> scheduled;
        try {
            scheduled = config.scheduler().schedule(this, wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException rejected) {
            // The scheduler was shut down: no further attempt is possible.
            end(value, error, rejected);
            return;
        }
        pending = scheduled;
        if (result.isDone()) {
            scheduled.cancel(false);
        }
    }

    private void end(T value, Throwable error, Throwable suppressed) {
        if (error != null) {
            if (suppressed != null) {
                error.addSuppressed(suppressed);
            }
            onFailure(error);
            result.completeExceptionally(error);
        } else {
            onSuccess();
            result.complete(value);
        }
    }

    /** The returned future was cancelled. */
    void cancelled() {
        Future<?> scheduled = pending;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        CompletionStage<T> stage = inFlight;
        if (stage != null) {
            cancel(stage);
        }
        abandoned();
    }

    /**
     * The returned future is done although this call did not complete it: cancelled, or completed by the caller.
     * Ends the call as failed unless it has ended already (ending is idempotent).
     */
    private void abandoned() {
        if (!isEnded()) {
            onFailure(new CancellationException("Retry '" + retry.name() + "': the call was cancelled"));
        }
    }

    private static void cancel(CompletionStage<?> stage) {
        if (stage instanceof Future) {
            ((Future<?>) stage).cancel(true);
        }
    }

    /** The future returned to the caller; cancelling it stops the retries. */
    static final class ResultFuture<T> extends CompletableFuture<T> {
        private final AsyncRetryCall<T> owner;

        ResultFuture(AsyncRetryCall<T> owner) {
            this.owner = owner;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                owner.cancelled();
            }
            return cancelled;
        }
    }
}
