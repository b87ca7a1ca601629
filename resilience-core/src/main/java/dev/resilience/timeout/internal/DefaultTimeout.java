package dev.resilience.timeout.internal;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Exceptions;
import dev.resilience.core.Stages;
import dev.resilience.core.Ticker;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;
import dev.resilience.timeout.Deadline;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutExceededException;
import dev.resilience.timeout.TimeoutListener;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The {@link Timeout} implementation.
 *
 * <p>Budget of a call: {@code min(timeout-duration, remaining of the current Deadline)}, computed once at the
 * start; the call then runs with a deadline of {@code start + budget} current, so timeouts nested inside (on
 * the worker thread, or started synchronously by an asynchronous call) can only shorten it. A budget of zero
 * times out before the call starts.
 *
 * <p>Synchronous calls run in a {@link FutureTask} on the configured executor: its {@code cancel(true)}
 * interrupts the worker only while the task runs, and the JDK pools clear a stale interrupt before reusing a
 * thread, so a late interrupt never hits the next task. Asynchronous calls use one {@link AsyncTimeout} per call,
 * which is the returned stage, the scheduler task and the completion callback in one object.
 */
public final class DefaultTimeout implements Timeout {

    private final String name;
    private final ListenerList<TimeoutListener> listeners = new ListenerList<>(TimeoutListener.class);
    private volatile TimeoutConfig config;

    public DefaultTimeout(String name, TimeoutConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TimeoutConfig config() {
        return config;
    }

    @Override
    public void reconfigure(TimeoutConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void addListener(TimeoutListener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean removeListener(TimeoutListener listener) {
        return listeners.remove(listener);
    }

    @Override
    public TimeoutListener onEvent(EventConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        TimeoutListener adapter = TimeoutListener.events(consumer);
        listeners.add(adapter);
        return adapter;
    }

    /** The budget in nanos for a call starting now under {@code config}: never more than the current deadline. */
    private static long budget(TimeoutConfig config, Deadline outer) {
        long budget = config.timeoutNanos();
        if (outer != null) {
            long remaining = outer.remainingNanos();
            if (remaining < budget) {
                budget = remaining;
            }
        }
        return budget;
    }

    private TimeoutExceededException exceeded(TimeoutConfig config, long budget, boolean writableStackTrace) {
        Duration given = budget == config.timeoutNanos() ? config.timeoutDuration() : Duration.ofNanos(budget);
        return new TimeoutExceededException(name, given, config.timeoutDuration(), writableStackTrace);
    }

    // ---------------------------------------------------------------------------------------------- synchronous

    @Override
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        TimeoutConfig config = this.config;
        long budget = budget(config, DeadlineContext.current());
        if (budget <= 0) {
            notifyTimeout(0L);
            throw exceeded(config, 0L, true);
        }
        Ticker ticker = config.ticker();
        long start = ticker.read();
        WorkerTask<T> task = new WorkerTask<>(new WorkerCall<>(call, next, Deadline.at(start + budget, ticker)));
        config.executor().execute(config.taskDecorator().apply(task));
        T result;
        try {
            result = task.get(budget, TimeUnit.NANOSECONDS);
        } catch (ExecutionException failed) {
            Throwable failure = failed.getCause();
            notifyError(ticker, start, failure);
            throw failure;
        } catch (TimeoutException expired) {
            if (task.cancel(config.cancelRunningFuture())) {
                notifyTimeout(budget);
                throw exceeded(config, budget, true);
            }
            // It completed between the expiry and the cancellation: its outcome stands.
            return outcome(task, ticker, start);
        } catch (InterruptedException interrupted) {
            task.cancel(config.cancelRunningFuture());
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException(
                    "Interrupted while waiting for a call under timeout '" + name + "'; the call was cancelled");
            cancelled.initCause(interrupted);
            throw cancelled;
        }
        notifySuccess(ticker, start);
        return result;
    }

    private <T> T outcome(WorkerTask<T> task, Ticker ticker, long start) throws Throwable {
        try {
            T result = task.get();
            notifySuccess(ticker, start);
            return result;
        } catch (ExecutionException failed) {
            notifyError(ticker, start, failed.getCause());
            throw failed.getCause();
        }
    }

    /** The call as the worker runs it: with the timeout's deadline current on the worker thread. */
    private static final class WorkerCall<T> implements Callable<T> {
        private final CheckedSupplier<? extends T> call;
        private final Chain next;
        private final Deadline deadline;

        WorkerCall(CheckedSupplier<? extends T> call, Chain next, Deadline deadline) {
            this.call = call;
            this.next = next;
            this.deadline = deadline;
        }

        @Override
        public T call() {
            DeadlineContext.Slot slot = DeadlineContext.slot();
            Deadline previous = slot.deadline;
            slot.deadline = deadline;
            try {
                return next.proceed(call);
            } catch (Throwable t) {
                // FutureTask catches any Throwable; the caller unwraps ExecutionException and rethrows it as is.
                throw Exceptions.rethrow(t);
            } finally {
                slot.deadline = previous;
            }
        }
    }

    private static final class WorkerTask<T> extends FutureTask<T> {
        WorkerTask(Callable<T> callable) {
            super(callable);
        }
    }

    // --------------------------------------------------------------------------------------------- asynchronous

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        try {
            TimeoutConfig config = this.config;
            DeadlineContext.Slot slot = DeadlineContext.slot();
            Deadline previous = slot.deadline;
            long budget = budget(config, previous);
            if (budget <= 0) {
                notifyTimeout(0L);
                return Stages.failed(exceeded(config, 0L, false));
            }
            Ticker ticker = config.ticker();
            long start = ticker.read();
            // Timeouts that the call starts synchronously see this call's deadline.
            slot.deadline = Deadline.at(start + budget, ticker);
            CompletionStage<T> stage;
            try {
                stage = next.proceed(call);
            } finally {
                slot.deadline = previous;
            }
            boolean done = isDone(stage);
            if (done && !((CompletableFuture<?>) stage).isCompletedExceptionally()) {
                // Completed in time before it was even returned: nothing to time, nothing to wrap.
                notifySuccess(ticker, start);
                return stage;
            }
            AsyncTimeout<T> result = new AsyncTimeout<>(this, config, stage, start, budget);
            if (!done) {
                // Assigned before the callback is registered, so the callback always finds it to cancel.
                result.timer = config.scheduler().schedule(result, budget, TimeUnit.NANOSECONDS);
            }
            stage.whenComplete(result);
            return result;
        } catch (Throwable t) {
            return Stages.failed(t);
        }
    }

    private static boolean isDone(CompletionStage<?> stage) {
        try {
            return stage instanceof CompletableFuture && ((CompletableFuture<?>) stage).isDone();
        } catch (UnsupportedOperationException minimalStage) {
            // CompletableFuture.minimalCompletionStage() is a CompletableFuture that refuses isDone().
            return false;
        }
    }

    /**
     * One asynchronous call: the stage handed to the caller, the scheduled expiry ({@link #run()}) and the
     * callback on the call's own stage ({@link #accept}). Whichever completes it first wins; the other is a
     * no-op.
     */
    private static final class AsyncTimeout<T> extends CompletableFuture<T> implements Runnable,
            BiConsumer<T, Throwable> {
        private final DefaultTimeout owner;
        private final TimeoutConfig config;
        private final CompletionStage<T> source;
        private final long start;
        private final long budget;
        volatile ScheduledFuture<?> timer;

        AsyncTimeout(DefaultTimeout owner, TimeoutConfig config, CompletionStage<T> source, long start, long budget) {
            this.owner = owner;
            this.config = config;
            this.source = source;
            this.start = start;
            this.budget = budget;
        }

        /** The call's stage completed. */
        @Override
        public void accept(T value, Throwable failure) {
            ScheduledFuture<?> pending = timer;
            if (pending != null) {
                pending.cancel(false);
            }
            if (failure == null) {
                if (complete(value)) {
                    owner.notifySuccess(config.ticker(), start);
                }
            } else {
                Throwable cause = Stages.unwrap(failure);
                if (completeExceptionally(cause)) {
                    owner.notifyError(config.ticker(), start, cause);
                }
            }
        }

        /** The budget ran out (on the scheduler thread). */
        @Override
        public void run() {
            if (completeExceptionally(owner.exceeded(config, budget, false))) {
                owner.notifyTimeout(budget);
                if (config.cancelRunningFuture()) {
                    cancelSource();
                }
            }
        }

        /** The caller cancelled the returned stage: stop the timer and, if allowed, the call. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                ScheduledFuture<?> pending = timer;
                if (pending != null) {
                    pending.cancel(false);
                }
                if (config.cancelRunningFuture()) {
                    cancelSource();
                }
            }
            return cancelled;
        }

        private void cancelSource() {
            try {
                source.toCompletableFuture().cancel(true);
            } catch (UnsupportedOperationException notCancellable) {
                // A minimal stage without toCompletableFuture(): it runs on, its outcome is discarded.
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ listeners

    void notifySuccess(Ticker ticker, long start) {
        TimeoutListener[] current = listeners.get();
        if (current.length == 0) {
            return;
        }
        long duration = ticker.read() - start;
        for (TimeoutListener listener : current) {
            try {
                listener.onSuccess(this, duration);
            } catch (Throwable t) {
                ListenerList.failed(listener, t);
            }
        }
    }

    void notifyError(Ticker ticker, long start, Throwable failure) {
        TimeoutListener[] current = listeners.get();
        if (current.length == 0) {
            return;
        }
        long duration = ticker.read() - start;
        for (TimeoutListener listener : current) {
            try {
                listener.onError(this, duration, failure);
            } catch (Throwable t) {
                ListenerList.failed(listener, t);
            }
        }
    }

    void notifyTimeout(long budget) {
        for (TimeoutListener listener : listeners.get()) {
            try {
                listener.onTimeout(this, budget);
            } catch (Throwable t) {
                ListenerList.failed(listener, t);
            }
        }
    }

    @Override
    public String toString() {
        return "Timeout '" + name + "' " + config;
    }
}
