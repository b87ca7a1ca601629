package dev.resilience.bulkhead.internal;

import dev.resilience.core.TimeLimit;
import dev.resilience.core.CallContext;
import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.bulkhead.ThreadPoolBulkheadListener;
import dev.resilience.core.AsyncChain;
import dev.resilience.core.Stages;
import dev.resilience.core.event.ListenerList.Notification;
import dev.resilience.core.event.ListenerList;
import dev.resilience.core.gate.AsyncGate;
import dev.resilience.core.gate.Deferral;
import dev.resilience.core.gate.GateCall;
import dev.resilience.core.internal.Nanos;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The {@link ThreadPoolBulkhead}: a {@link ThreadPoolExecutor} with a bounded queue and an aborting rejection
 * policy, so "full" is decided by the JDK pool itself without a lock of ours. It is an {@link AsyncGate} whose
 * every call is deferred: the call is a {@link GateCall} (the stage handed to the caller), waiting as a
 * {@link PoolTask} in the pool's queue until a pool thread grants and starts it. The gate's states make the
 * finished notification happen exactly once whether the call completes, or is cancelled while queued or while
 * running.
 *
 * <p><b>Reconfiguring and closing.</b> Pool sizes and keep-alive change in place. A JDK queue cannot change its
 * capacity, so a new {@code queue-capacity} publishes a new pool and <em>retires</em> the old one. A retired
 * pool is never {@code shutdown()}: a submitter may still hold it, and a JDK pool that shuts down while a call
 * is being queued can strand that call in its queue with no thread left to run it (the worker being added
 * for it gives up on seeing the shutdown, and nothing replaces it). Instead a retired pool keeps accepting
 * what such a submitter hands it, runs everything it accepted, and lets each thread end as soon as it is idle.
 * A submitter refused by a pool that is no longer the published one (a full retired pool) submits again to the
 * published one, so a reconfiguration never turns into a rejection of its own. A refused task was never
 * queued, so no call runs twice. {@link #close()} retires the pool the same way after marking the bulkhead
 * closed, which new calls check first.
 *
 * <p><b>Queues.</b> Up to {@link #PREALLOCATED_QUEUE_LIMIT} places the queue is an {@link ArrayBlockingQueue}
 * (allocated once, nothing allocated per call); above, a {@link LinkedBlockingQueue} bounded to the capacity,
 * which allocates per queued call instead of reserving memory for millions of calls that may never queue.
 */
public final class DefaultThreadPoolBulkhead extends AsyncGate<Object, ThreadPoolBulkheadListener>
        implements ThreadPoolBulkhead, ThreadPoolBulkhead.Metrics {

    /** The permit of every started call: the pool counts them, nothing is remembered per call. */
    private static final Object PERMIT = "thread-pool bulkhead permit";

    private static final Notification<ThreadPoolBulkheadListener, ThreadPoolBulkhead> PERMITTED =
            (listener, bulkhead, unused, unusedToo, none) -> listener.onPermitted(bulkhead);
    private static final Notification<ThreadPoolBulkheadListener, ThreadPoolBulkhead> REJECTED =
            (listener, bulkhead, unused, unusedToo, none) -> listener.onRejected(bulkhead);
    private static final Notification<ThreadPoolBulkheadListener, ThreadPoolBulkhead> FINISHED =
            (listener, bulkhead, unused, unusedToo, none) -> listener.onFinished(bulkhead);

    private final ListenerList<ThreadPoolBulkheadListener> listeners;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private volatile ThreadPoolBulkheadConfig config;
    private volatile ThreadPoolExecutor pool;
    private volatile boolean closed;

    /** How long an idle thread of a retired pool lives on: a straggling call starts a new one. */
    private static final long RETIRED_KEEP_ALIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The largest {@code queue-capacity} whose queue is allocated up front: {@value}. */
    static final int PREALLOCATED_QUEUE_LIMIT = 1 << 16;

    public DefaultThreadPoolBulkhead(String name, ThreadPoolBulkheadConfig config) {
        super(name, new ListenerList<>(ThreadPoolBulkheadListener.class), ThreadPoolBulkheadListener::events);
        this.listeners = listeners();
        this.config = Objects.requireNonNull(config, "config");
        this.pool = newPool(config);
    }

    private ThreadPoolExecutor newPool(ThreadPoolBulkheadConfig config) {
        int capacity = config.queueCapacity();
        BlockingQueue<Runnable> queue = capacity == 0 ? new SynchronousQueue<>()
                : capacity <= PREALLOCATED_QUEUE_LIMIT ? new ArrayBlockingQueue<>(capacity)
                : new LinkedBlockingQueue<>(capacity);
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "resilience-bulkhead-" + name() + "-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(config.coreThreadPoolSize(), config.maxThreadPoolSize(),
                keepAliveNanos(config), TimeUnit.NANOSECONDS, queue, factory, new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public ThreadPoolBulkheadConfig config() {
        return config;
    }

    @Override
    public synchronized void reconfigure(ThreadPoolBulkheadConfig config) {
        Objects.requireNonNull(config, "config");
        ThreadPoolBulkheadConfig previous = this.config;
        this.config = config;
        if (closed) {
            return;
        }
        if (config.queueCapacity() != previous.queueCapacity()) {
            // A JDK queue cannot change its capacity: new calls go to a new pool, the old one drains and ends.
            ThreadPoolExecutor old = pool;
            pool = newPool(config);
            retire(old);
            return;
        }
        ThreadPoolExecutor current = pool;
        // The JDK rejects core > max at every step, so grow max first and shrink it last.
        if (config.maxThreadPoolSize() >= current.getMaximumPoolSize()) {
            current.setMaximumPoolSize(config.maxThreadPoolSize());
            current.setCorePoolSize(config.coreThreadPoolSize());
        } else {
            current.setCorePoolSize(config.coreThreadPoolSize());
            current.setMaximumPoolSize(config.maxThreadPoolSize());
        }
        current.setKeepAliveTime(keepAliveNanos(config), TimeUnit.NANOSECONDS);
    }

    /** Lets {@code old} run what it accepted (and what stragglers still hand it), then end its threads. */
    private static void retire(ThreadPoolExecutor old) {
        old.setKeepAliveTime(RETIRED_KEEP_ALIVE_NANOS, TimeUnit.NANOSECONDS);
        old.allowCoreThreadTimeOut(true);
        old.setCorePoolSize(0);
    }

    /** In nanoseconds, saturated: a keep-alive of centuries is "forever", not an overflow. */
    private static long keepAliveNanos(ThreadPoolBulkheadConfig config) {
        return Nanos.saturated(config.keepAliveDuration());
    }

    // ------------------------------------------------------------------------------------------ gate hooks

    /**
     * Every call is deferred: it waits in the pool's queue (or for a thread) and starts on a pool thread, under
     * its caller's deadline. A closed bulkhead refuses it.
     */
    @Override
    protected Object acquireAsync() {
        if (closed) {
            throw closedException();
        }
        return new PoolTask(CallContext.deadline());
    }

    /** Hands the call to the pool, which decides "full" itself (its bounded queue, its aborting policy). */
    @Override
    protected void enqueue(GateCall<Object, ?> waiting, Deferral deferral) {
        ThreadPoolBulkheadConfig config = this.config;
        PoolTask task = (PoolTask) deferral;
        task.call = waiting;
        Runnable queued = config.taskDecorator().apply(task);
        task.queued = queued;
        ThreadPoolExecutor current = pool;
        for (;;) {
            try {
                current.execute(queued);
                break;
            } catch (RejectedExecutionException e) {
                ThreadPoolExecutor latest = pool;
                if (latest != current) {
                    // Reconfigured meanwhile: the pool now published decides (see the class comment).
                    current = latest;
                    continue;
                }
                if (closed) {
                    throw closedException();
                }
                listeners.deliver(REJECTED, this);
                throw new BulkheadFullException(name(), "Bulkhead '" + name() + "' is full and does not permit further "
                        + "calls (max " + config.maxThreadPoolSize() + " threads, queue of " + config.queueCapacity()
                        + " full)", config.writableStackTraceEnabled());
            }
        }
        task.pool = current;
        listeners.deliver(PERMITTED, this);
    }

    /** Cancelled while queued: its place in the queue is freed now rather than when a thread reaches it. */
    @Override
    protected void leftQueue(GateCall<Object, ?> waiting) {
        PoolTask task = (PoolTask) waiting.deferral();
        ThreadPoolExecutor executor = task.pool;
        if (executor != null) {
            executor.remove(task.queued);
        }
        listeners.deliver(FINISHED, this);
    }

    /** On a pool thread: the call sees its submitter's deadline, if any. */
    @Override
    protected <T> CompletionStage<T> proceedAsync(GateCall<Object, T> admitted,
            Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        // Always installed, even when null: a pool thread must not keep a deadline of an earlier call.
        return CallerDeadline.proceed(((PoolTask) admitted.deferral()).deadline, call, next);
    }

    @Override
    protected void release(Object permit) {
        listeners.deliver(FINISHED, this);
    }

    /** One call handed to the pool: the task in its queue, which starts the call on a pool thread. */
    private static final class PoolTask implements Deferral, Runnable {
        /** The submitter's deadline, if any: the call starts on a pool thread, which must see it too. */
        final TimeLimit deadline;
        volatile GateCall<Object, ?> call;
        volatile Runnable queued;
        volatile ThreadPoolExecutor pool;

        PoolTask(TimeLimit deadline) {
            this.deadline = deadline;
        }

        @Override
        public void run() {
            // Not admitted: cancelled while queued, and already reported finished.
            call.admit(PERMIT);
        }
    }

    @Override
    public <T> CompletionStage<T> submit(Callable<T> callable) {
        Objects.requireNonNull(callable, "callable");
        return executeAsync(() -> {
            try {
                return CompletableFuture.completedFuture(callable.call());
            } catch (Throwable t) {
                return Stages.failed(t);
            }
        }, AsyncChain.terminal());
    }

    @Override
    public <T> CompletionStage<T> submitSupplier(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return submit(supplier::get);
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("Thread-pool bulkhead '" + name() + "' is closed and accepts no more calls");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            retire(pool);
        }
    }

    // -------------------------------------------------------------------------------------------------- metrics

    @Override
    public Metrics metrics() {
        return this;
    }

    @Override
    public int queueDepth() {
        return pool.getQueue().size();
    }

    @Override
    public int queueCapacity() {
        return config.queueCapacity();
    }

    @Override
    public int remainingQueueCapacity() {
        return pool.getQueue().remainingCapacity();
    }

    @Override
    public int threadPoolSize() {
        return pool.getPoolSize();
    }

    @Override
    public int coreThreadPoolSize() {
        return pool.getCorePoolSize();
    }

    @Override
    public int maximumThreadPoolSize() {
        return pool.getMaximumPoolSize();
    }

    @Override
    public int activeThreadCount() {
        return pool.getActiveCount();
    }

    @Override
    public String toString() {
        return "ThreadPoolBulkhead '" + name() + "' " + config;
    }
}
