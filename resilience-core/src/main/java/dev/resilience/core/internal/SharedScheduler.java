package dev.resilience.core.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One small daemon scheduler shared by every instance that needs timed work and was not given an executor
 * of its own: automatic open-to-half-open transitions, asynchronous retry delays, asynchronous timeouts,
 * bulkhead wait expiries, delayed rate-limited starts. Created on first use, so a program that needs none of it
 * starts no thread. Internal: not part of the public API.
 *
 * <p>Its single thread ({@code resilience-scheduler-1}) only keeps time: when a task is due it is handed to the
 * {@linkplain #dispatcher() dispatcher} and runs there. The tasks complete futures (which runs the stages
 * callers attached to them), notify listeners, move breakers between states and start retried calls: all of
 * it code of the library's users, which may be slow or block. On the timer thread one such callback would
 * delay every other timeout of the JVM; on the dispatcher it delays nothing else. The dispatcher is an elastic
 * pool of at most {@value #MAX_DISPATCH_THREADS} daemon threads ({@code resilience-dispatch-N}), idle ones
 * reused and ended after {@value #KEEP_ALIVE_SECONDS} s.
 *
 * <p>Every way of submitting work is dispatched: {@code schedule} (the returned future is done when the task
 * was handed over, or, for a {@link Callable}, when it has run), {@code execute}, {@code submit} and the
 * periodic methods (each run is handed over). Cancelling a task before it is due removes it at once.
 */
public final class SharedScheduler {

    /** The bound of the dispatch pool. */
    public static final int MAX_DISPATCH_THREADS = 256;

    static final long KEEP_ALIVE_SECONDS = 30;

    private SharedScheduler() {
    }

    /** The shared scheduler. */
    public static ScheduledExecutorService get() {
        return Holder.INSTANCE;
    }

    /** Where the shared scheduler's due tasks run. */
    public static Executor dispatcher() {
        return Holder.DISPATCHER;
    }

    private static final class Holder {
        static final Executor DISPATCHER = ElasticPool.create("resilience-dispatch-", MAX_DISPATCH_THREADS,
                KEEP_ALIVE_SECONDS);
        static final ScheduledExecutorService INSTANCE = create(DISPATCHER);

        private static ScheduledExecutorService create(Executor dispatcher) {
            AtomicInteger counter = new AtomicInteger();
            ThreadFactory factory = task -> {
                Thread thread = new Thread(task, "resilience-scheduler-" + counter.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
            DispatchingScheduler executor = new DispatchingScheduler(factory, dispatcher);
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }

    /** A scheduler whose thread only hands due tasks to {@code dispatcher}. */
    static final class DispatchingScheduler extends ScheduledThreadPoolExecutor {
        private final Executor dispatcher;

        DispatchingScheduler(ThreadFactory factory, Executor dispatcher) {
            super(1, factory);
            this.dispatcher = dispatcher;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return super.schedule(new Dispatch(command, dispatcher), delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            FutureTask<V> task = new FutureTask<>(callable);
            ScheduledFuture<?> timer = super.schedule(new Dispatch(task, dispatcher), delay, unit);
            return new DispatchedFuture<>(timer, task);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
                TimeUnit unit) {
            return super.scheduleAtFixedRate(new Dispatch(command, dispatcher), initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                TimeUnit unit) {
            return super.scheduleWithFixedDelay(new Dispatch(command, dispatcher), initialDelay, delay, unit);
        }
    }

    /** Runs on the scheduler thread: hands the task over, nothing else. */
    private static final class Dispatch implements Runnable {
        private final Runnable task;
        private final Executor dispatcher;

        Dispatch(Runnable task, Executor dispatcher) {
            this.task = task;
            this.dispatcher = dispatcher;
        }

        @Override
        public void run() {
            dispatcher.execute(task);
        }

        @Override
        public String toString() {
            return "Dispatch[" + task + "]";
        }
    }

    /** A scheduled {@link Callable}: its delay from the timer, its result from the task run on the dispatcher. */
    private static final class DispatchedFuture<V> implements ScheduledFuture<V> {
        private final ScheduledFuture<?> timer;
        private final FutureTask<V> task;

        DispatchedFuture(ScheduledFuture<?> timer, FutureTask<V> task) {
            this.timer = timer;
            this.task = task;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return timer.getDelay(unit);
        }

        @Override
        public int compareTo(Delayed other) {
            return timer.compareTo(other);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            timer.cancel(false);
            return task.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return task.isCancelled();
        }

        @Override
        public boolean isDone() {
            return task.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return task.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return task.get(timeout, unit);
        }
    }
}
