package dev.resilience.spring.boot.autoconfigure.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.resilience.core.event.ListenerList;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * A scheduler that runs each task in the context of the thread that submitted it, like Micrometer's
 * {@code ContextScheduledExecutorService}, but guarded: a {@code ThreadLocalAccessor} (application code, for
 * example a tracing handler that opens a scope) that throws while the context is captured or restored is
 * logged and the task runs anyway, without that context. Unguarded, the task would never run, and a scheduled
 * retry attempt with it: the call's future would never complete. Thread-safe. Internal: not part of the public
 * API.
 */
final class ContextRestoringScheduler implements ScheduledExecutorService {

    private final ScheduledExecutorService delegate;
    private final ContextSnapshotFactory snapshots;

    ContextRestoringScheduler(ScheduledExecutorService delegate, ContextSnapshotFactory snapshots) {
        this.delegate = delegate;
        this.snapshots = snapshots;
    }

    /** {@code task}, to run in the current thread's context wherever it runs; never throws. */
    static Runnable inContext(ContextSnapshotFactory snapshots, Runnable task) {
        ContextSnapshot snapshot = capture(snapshots);
        return snapshot == null ? task : () -> {
            ContextSnapshot.Scope scope = restore(snapshot);
            try {
                task.run();
            } finally {
                close(snapshot, scope);
            }
        };
    }

    static <V> Callable<V> inContext(ContextSnapshotFactory snapshots, Callable<V> task) {
        ContextSnapshot snapshot = capture(snapshots);
        return snapshot == null ? task : () -> {
            ContextSnapshot.Scope scope = restore(snapshot);
            try {
                return task.call();
            } finally {
                close(snapshot, scope);
            }
        };
    }

    private static ContextSnapshot capture(ContextSnapshotFactory snapshots) {
        try {
            return snapshots.captureAll();
        } catch (Throwable failure) {
            ListenerList.failed(snapshots, failure);
            return null;
        }
    }

    private static ContextSnapshot.Scope restore(ContextSnapshot snapshot) {
        try {
            return snapshot.setThreadLocals();
        } catch (Throwable failure) {
            ListenerList.failed(snapshot, failure);
            return null;
        }
    }

    private static void close(ContextSnapshot snapshot, ContextSnapshot.Scope scope) {
        if (scope == null) {
            return;
        }
        try {
            scope.close();
        } catch (Throwable failure) {
            ListenerList.failed(snapshot, failure);
        }
    }

    private <V> List<Callable<V>> inContext(Collection<? extends Callable<V>> tasks) {
        List<Callable<V>> wrapped = new ArrayList<>(tasks.size());
        for (Callable<V> task : tasks) {
            wrapped.add(inContext(snapshots, task));
        }
        return wrapped;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return delegate.schedule(inContext(snapshots, command), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return delegate.schedule(inContext(snapshots, callable), delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return delegate.scheduleAtFixedRate(inContext(snapshots, command), initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
            TimeUnit unit) {
        return delegate.scheduleWithFixedDelay(inContext(snapshots, command), initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        delegate.execute(inContext(snapshots, command));
    }

    @Override
    public Future<?> submit(Runnable task) {
        return delegate.submit(inContext(snapshots, task));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return delegate.submit(inContext(snapshots, task), result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return delegate.submit(inContext(snapshots, task));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return delegate.invokeAll(inContext(tasks));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return delegate.invokeAll(inContext(tasks), timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
            throws InterruptedException, ExecutionException {
        return delegate.invokeAny(inContext(tasks));
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return delegate.invokeAny(inContext(tasks), timeout, unit);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }

    @Override
    public String toString() {
        return "ContextRestoring[" + delegate + "]";
    }
}
