package dev.resilience.retry;

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
 * A scheduler whose tasks run only when the test says so, in the order they were scheduled: asynchronous retries
 * become deterministic and no real time passes. Records the delay of every task.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    final List<Duration> delays = new ArrayList<>();
    private final List<Task<?>> tasks = new ArrayList<>();
    private boolean shutdown;

    /** Tasks scheduled and neither run nor cancelled. */
    synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.isDone()).count();
    }

    /** Runs the oldest pending task; fails when there is none. */
    void runNext() {
        Task<?> next;
        synchronized (this) {
            next = tasks.stream().filter(t -> !t.isDone()).findFirst()
                    .orElseThrow(() -> new AssertionError("no pending task"));
            tasks.remove(next);
        }
        next.run();
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Task<>(command, null, unit.toNanos(delay)));
    }

    @Override
    public synchronized <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Task<>(callable, unit.toNanos(delay)));
    }

    private <V> Task<V> add(Task<V> task) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        delays.add(Duration.ofNanos(task.delayNanos));
        tasks.add(task);
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
        schedule(command, 0, TimeUnit.NANOSECONDS);
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

    private static final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        final long delayNanos;

        Task(Runnable runnable, V result, long delayNanos) {
            super(runnable, result);
            this.delayNanos = delayNanos;
        }

        Task(Callable<V> callable, long delayNanos) {
            super(callable);
            this.delayNanos = delayNanos;
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
