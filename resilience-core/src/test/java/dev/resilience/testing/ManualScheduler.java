package dev.resilience.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose tasks run only when the test says so ({@link #runNext()}, {@link #runPending()}), in the
 * order they were scheduled: timers, asynchronous retries and deadlines become deterministic and no real time
 * passes. It remembers every task and its delay. {@link #execute} runs at once, on the caller's thread.
 *
 * <p>{@link #firingOnSchedule} turns it into the scheduler of a caller descheduled for longer than the delay:
 * the task runs inside {@code schedule}, before it returns.
 *
 * <p>Thread-safe; tasks run on the thread that runs them.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final List<Task<?>> tasks = new ArrayList<>();
    private boolean shutdown;
    private Runnable firingOnSchedule;

    /** Every task scheduled so far, run, cancelled or pending, in order of scheduling. */
    public synchronized List<Task<?>> tasks() {
        return List.copyOf(tasks);
    }

    /** The tasks neither run nor cancelled, in order of scheduling. */
    public synchronized List<Task<?>> pending() {
        return tasks.stream().filter(task -> !task.isDone()).toList();
    }

    /** The delay of every task scheduled so far, in order of scheduling. */
    public synchronized List<Duration> delays() {
        return tasks.stream().map(task -> Duration.ofNanos(task.delayNanos)).toList();
    }

    /** Runs the oldest pending task; fails when there is none. */
    public void runNext() {
        List<Task<?>> pending = pending();
        if (pending.isEmpty()) {
            throw new AssertionError("no pending task");
        }
        pending.get(0).run();
    }

    /** Runs every task pending now, in order of scheduling (not those that they schedule). */
    public void runPending() {
        for (Task<?> task : pending()) {
            task.run();
        }
    }

    /**
     * From now on, {@code schedule} first runs {@code meanwhile} (what happens while the scheduling caller is
     * descheduled), then the task itself, and only then returns the (done) task.
     */
    public synchronized ManualScheduler firingOnSchedule(Runnable meanwhile) {
        this.firingOnSchedule = meanwhile;
        return this;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Task<>(command, null, unit.toNanos(delay)));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Task<>(callable, unit.toNanos(delay)));
    }

    private <V> Task<V> add(Task<V> task) {
        Runnable meanwhile;
        synchronized (this) {
            if (shutdown) {
                throw new RejectedExecutionException("shut down");
            }
            tasks.add(task);
            meanwhile = firingOnSchedule;
        }
        if (meanwhile != null) {
            meanwhile.run();
            task.run();
        }
        return task;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    /** A scheduled task: runs once, when the test runs it, unless cancelled first. */
    public static final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final Callable<V> command;
        private final long delayNanos;

        Task(Runnable runnable, V result, long delayNanos) {
            this(() -> {
                runnable.run();
                return result;
            }, delayNanos);
        }

        Task(Callable<V> callable, long delayNanos) {
            super(callable);
            this.command = callable;
            this.delayNanos = delayNanos;
        }

        /**
         * Runs the command even if the task was cancelled or ran already, as a timer that fired while it was
         * being cancelled does; what it throws propagates.
         */
        public V runAnyway() throws Exception {
            return command.call();
        }

        /** The delay it was scheduled with. */
        public Duration delay() {
            return Duration.ofNanos(delayNanos);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delayNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(delayNanos, other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
