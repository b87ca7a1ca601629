package dev.resilience.timeout.internal;

import dev.resilience.core.AbstractPatternInstance;
import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Stages;
import dev.resilience.core.Ticker;
import dev.resilience.core.TimeLimit;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList.Notification;
import dev.resilience.core.event.ListenerList;
import dev.resilience.core.internal.CallScope;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The {@link Timeout} implementation.
 *
 * <p>Budget of a call: {@code min(timeout-duration, remaining of the current Deadline)}, computed once at the
 * start; the call then runs with a deadline of {@code start + budget} current, so timeouts nested inside (on
 * the same thread, on the worker thread, or started synchronously by an asynchronous call) can only shorten
 * it. A budget of zero times out before the call starts.
 *
 * <p>Synchronous calls run on the caller's thread by default ({@code mode: caller}): the thread's reusable
 * {@link InterruptTimer} entry is armed for the deadline and disarmed after the call; the shared timer thread
 * interrupts the caller if the deadline comes first, and the entry's state machine makes sure the interrupt it
 * delivered is cleared before the {@link TimeoutExceededException} is thrown. Nothing is allocated for it but
 * the call's {@link Deadline}. In {@code mode: worker} they run in a {@link FutureTask} on the configured
 * executor: its {@code cancel(true)} interrupts the worker only while the task runs, and the JDK pools clear a
 * stale interrupt before reusing a thread, so a late interrupt never hits the next task. Asynchronous calls use
 * one {@link AsyncTimeout} per call, which is the returned stage, the scheduler task and the completion
 * callback in one object.
 */
public final class DefaultTimeout extends AbstractPatternInstance<TimeoutConfig, TimeoutListener>
        implements Timeout {

    private static final Notification<TimeoutListener, Timeout> SUCCESS =
            (listener, timeout, duration, unused, none) -> listener.onSuccess(timeout, duration);
    private static final Notification<TimeoutListener, Timeout> ERROR =
            (listener, timeout, duration, unused, failure) -> listener.onError(timeout, duration, (Throwable) failure);
    private static final Notification<TimeoutListener, Timeout> TIMED_OUT =
            (listener, timeout, budget, unused, none) -> listener.onTimeout(timeout, budget);

    public DefaultTimeout(String name, TimeoutConfig config) {
        super(name, config, TimeoutListener.class, TimeoutListener::events);
    }

    @Override
    public void reconfigure(TimeoutConfig config) {
        replaceConfig(config);
    }

    /** The budget in nanos for a call starting now under {@code config}: never more than the current deadline. */
    private static long budget(TimeoutConfig config, TimeLimit outer) {
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
        return new TimeoutExceededException(name(), given, config.timeoutDuration(), writableStackTrace);
    }

    // ---------------------------------------------------------------------------------------------- synchronous

    @Override
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        TimeoutConfig config = config();
        CallScope slot = CallScope.current();
        long budget = budget(config, slot.deadline);
        if (budget <= 0) {
            notifyTimeout(0L);
            throw exceeded(config, 0L, true);
        }
        if (config.mode() == TimeoutConfig.Mode.WORKER) {
            return executeOnWorker(config, budget, call, next);
        }
        return executeOnCaller(config, slot, budget, call, next);
    }

    /**
     * Runs the call on this thread with the timeout's deadline current; the shared {@link InterruptTimer}
     * interrupts this thread at the deadline. The timer's entry decides who won: when the timer fired, its
     * interrupt has been cleared by {@code disarm} and the call ends in a {@link TimeoutExceededException}
     * (caused by whatever the call threw), whatever the call returned.
     */
    private <T> T executeOnCaller(TimeoutConfig config, CallScope slot, long budget,
            CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        Ticker ticker = config.ticker();
        long start = ticker.read();
        boolean interrupting = config.cancelRunningFuture() && budget < InterruptTimer.MAX_ARMABLE_NANOS;
        TimeLimit previous = slot.deadline;
        slot.deadline = Deadline.at(start + budget, ticker);
        InterruptTimer.Entry entry = null;
        TimerEntries entries = null;
        long armed = 0L;
        if (interrupting) {
            // The timer runs on System.nanoTime(); another ticker (a test's) only measures.
            long realStart = ticker == Ticker.system() ? start : System.nanoTime();
            entries = TimerEntries.current();
            entry = entries.push();
            armed = entry.arm(realStart + budget);
        }
        T result = null;
        Throwable failure = null;
        try {
            result = next.proceed(call);
        } catch (Throwable t) {
            failure = t;
        } finally {
            slot.deadline = previous;
        }
        boolean timedOut;
        if (interrupting) {
            timedOut = !entry.disarm(armed);
            entries.pop();
        } else {
            // Nothing interrupts the call: it times out if it ended past its deadline.
            timedOut = ticker.read() - start >= budget;
        }
        if (timedOut) {
            notifyTimeout(budget);
            throw exceeded(config, budget, failure);
        }
        if (failure != null) {
            notifyError(ticker, start, failure);
            throw failure;
        }
        notifySuccess(ticker, start);
        return result;
    }

    private TimeoutExceededException exceeded(TimeoutConfig config, long budget, Throwable cause) {
        Duration given = budget == config.timeoutNanos() ? config.timeoutDuration() : Duration.ofNanos(budget);
        return new TimeoutExceededException(name(), given, config.timeoutDuration(), cause, true);
    }

    /**
     * Hands the call to a worker and waits for it at most {@code budget}. The worker's outcome travels in the
     * {@link WorkerCall}, not through the {@code FutureTask}'s {@code ExecutionException}: building that
     * calls the failure's {@code toString()}, which may throw and would replace the call's own exception.
     */
    private <T> T executeOnWorker(TimeoutConfig config, long budget, CheckedSupplier<? extends T> call, Chain next)
            throws Throwable {
        Ticker ticker = config.ticker();
        long start = ticker.read();
        WorkerCall<T> work = new WorkerCall<>(call, next, Deadline.at(start + budget, ticker));
        WorkerTask<T> task = new WorkerTask<>(work);
        config.executor().execute(config.taskDecorator().apply(task));
        T result;
        try {
            result = task.get(budget, TimeUnit.NANOSECONDS);
        } catch (ExecutionException failed) {
            // Not reached: the worker call catches everything. Kept so that nothing is ever swallowed.
            Throwable failure = failed.getCause();
            notifyError(ticker, start, failure);
            throw failure;
        } catch (TimeoutException expired) {
            if (task.cancel(config.cancelRunningFuture())) {
                notifyTimeout(budget);
                throw exceeded(config, budget, true);
            }
            // It completed between the expiry and the cancellation: its outcome stands.
            return outcome(task, work, ticker, start);
        } catch (InterruptedException interrupted) {
            task.cancel(config.cancelRunningFuture());
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException(
                    "Interrupted while waiting for a call under timeout '" + name() + "'; the call was cancelled");
            cancelled.initCause(interrupted);
            throw cancelled;
        }
        return finished(work, result, ticker, start);
    }

    private <T> T outcome(WorkerTask<T> task, WorkerCall<T> work, Ticker ticker, long start) throws Throwable {
        T result;
        try {
            result = task.get();
        } catch (ExecutionException failed) {
            notifyError(ticker, start, failed.getCause());
            throw failed.getCause();
        }
        return finished(work, result, ticker, start);
    }

    private <T> T finished(WorkerCall<T> work, T result, Ticker ticker, long start) throws Throwable {
        Throwable failure = work.failure;
        if (failure != null) {
            notifyError(ticker, start, failure);
            throw failure;
        }
        notifySuccess(ticker, start);
        return result;
    }

    /**
     * The call as the worker runs it: with the timeout's deadline current on the worker thread. Its failure is
     * kept in {@link #failure} (published to the caller by the task's completion).
     */
    private static final class WorkerCall<T> implements Callable<T> {
        private final CheckedSupplier<? extends T> call;
        private final Chain next;
        private final Deadline deadline;
        Throwable failure;

        WorkerCall(CheckedSupplier<? extends T> call, Chain next, Deadline deadline) {
            this.call = call;
            this.next = next;
            this.deadline = deadline;
        }

        @Override
        public T call() {
            CallScope slot = CallScope.current();
            TimeLimit previous = slot.deadline;
            slot.deadline = deadline;
            try {
                return next.proceed(call);
            } catch (Throwable t) {
                failure = t;
                return null;
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
            TimeoutConfig config = config();
            CallScope slot = CallScope.current();
            TimeLimit previous = slot.deadline;
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
            // The callback first, the timer second: a caller descheduled between the two for longer than the
            // budget must not let the timer decide a call that completed in time.
            stage.whenComplete(result);
            if (!result.isDone()) {
                result.startTimer(config.scheduler());
            }
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

        /**
         * Schedules the deadline; cancels it again if the call completed meanwhile (the callback may have run
         * before {@link #timer} was set). A scheduler that refuses the task fails the returned stage with its
         * {@code RejectedExecutionException} (a deadline that cannot be kept is not silently dropped) and, with
         * {@code cancel-running-future}, cancels the call, so that nothing runs on unobserved.
         */
        void startTimer(ScheduledExecutorService scheduler) {
            ScheduledFuture<?> scheduled;
            try {
                scheduled = scheduler.schedule(this, budget, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException refused) {
                if (completeExceptionally(refused) && config.cancelRunningFuture()) {
                    cancelSource();
                }
                return;
            }
            timer = scheduled;
            if (isDone()) {
                scheduled.cancel(false);
            }
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
        if (!listeners.isEmpty()) {
            listeners.deliver(SUCCESS, this, ticker.read() - start);
        }
    }

    void notifyError(Ticker ticker, long start, Throwable failure) {
        if (!listeners.isEmpty()) {
            listeners.deliver(ERROR, this, ticker.read() - start, failure);
        }
    }

    void notifyTimeout(long budget) {
        listeners.deliver(TIMED_OUT, this, budget);
    }

    @Override
    public String toString() {
        return "Timeout '" + name() + "' " + config();
    }
}
