package dev.resilience.bulkhead.internal;

import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.bulkhead.ThreadPoolBulkheadListener;
import dev.resilience.core.AsyncChain;
import dev.resilience.core.CallContext;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Stages;
import dev.resilience.core.TimeLimit;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;
import dev.resilience.core.event.ListenerList.Notification;

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
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The {@link ThreadPoolBulkhead}: a {@link ThreadPoolExecutor} with a bounded queue and an aborting rejection
 * policy, so "full" is decided by the JDK pool itself without a lock of ours. Each call is one {@link PoolCall}:
 * the task in the queue, the stage handed to the caller and the callback on the call's own stage. Its state
 * (queued, started, finished) makes the finished notification happen exactly once whether the call
 * completes, or is cancelled while queued or while running.
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
public final class DefaultThreadPoolBulkhead implements ThreadPoolBulkhead, ThreadPoolBulkhead.Metrics {

    private static final Notification<ThreadPoolBulkheadListener, ThreadPoolBulkhead> PERMITTED =
            (listener, bulkhead, unused, unusedToo, none) -> listener.onPermitted(bulkhead);
    private static final Notification<ThreadPoolBulkheadListener, ThreadPoolBulkhead> REJECTED =
            (listener, bulkhead, unused, unusedToo, none) -> listener.onRejected(bulkhead);
    private static final Notification<ThreadPoolBulkheadListener, ThreadPoolBulkhead> FINISHED =
            (listener, bulkhead, unused, unusedToo, none) -> listener.onFinished(bulkhead);

    private final String name;
    private final ListenerList<ThreadPoolBulkheadListener> listeners =
            new ListenerList<>(ThreadPoolBulkheadListener.class);
    private final AtomicInteger threadNumber = new AtomicInteger();
    private volatile ThreadPoolBulkheadConfig config;
    private volatile ThreadPoolExecutor pool;
    private volatile boolean closed;

    /** How long an idle thread of a retired pool lives on: a straggling call starts a new one. */
    private static final long RETIRED_KEEP_ALIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The largest {@code queue-capacity} whose queue is allocated up front: {@value}. */
    static final int PREALLOCATED_QUEUE_LIMIT = 1 << 16;

    public DefaultThreadPoolBulkhead(String name, ThreadPoolBulkheadConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.pool = newPool(config);
    }

    private ThreadPoolExecutor newPool(ThreadPoolBulkheadConfig config) {
        int capacity = config.queueCapacity();
        BlockingQueue<Runnable> queue = capacity == 0 ? new SynchronousQueue<>()
                : capacity <= PREALLOCATED_QUEUE_LIMIT ? new ArrayBlockingQueue<>(capacity)
                : new LinkedBlockingQueue<>(capacity);
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "resilience-bulkhead-" + name + "-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(config.coreThreadPoolSize(), config.maxThreadPoolSize(),
                keepAliveNanos(config), TimeUnit.NANOSECONDS, queue, factory, new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public String name() {
        return name;
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
        return TimeUnit.NANOSECONDS.convert(config.keepAliveDuration());
    }

    @Override
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) {
        throw new UnsupportedOperationException("Thread-pool bulkhead '" + name + "' runs calls on its own threads "
                + "and needs a CompletionStage: use executeCompletionStage or submit, or a semaphore Bulkhead for "
                + "synchronous calls");
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        try {
            ThreadPoolBulkheadConfig config = this.config;
            if (closed) {
                return Stages.failed(closedException());
            }
            PoolCall<T> task = new PoolCall<>(this, call, next);
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
                        return Stages.failed(closedException());
                    }
                    notifyRejected();
                    return Stages.failed(new BulkheadFullException(name, "Bulkhead '" + name + "' is full and does "
                            + "not permit further calls (max " + config.maxThreadPoolSize() + " threads, queue of "
                            + config.queueCapacity() + " full)", config.writableStackTraceEnabled()));
                }
            }
            task.pool = current;
            notifyPermitted();
            return task;
        } catch (Throwable t) {
            return Stages.failed(t);
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

    /** One call handed to the pool. */
    static final class PoolCall<T> extends CompletableFuture<T> implements Runnable, BiConsumer<T, Throwable> {
        private static final int QUEUED = 0;
        private static final int STARTED = 1;
        private static final int FINISHED = 2;

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<PoolCall> STATE =
                AtomicIntegerFieldUpdater.newUpdater(PoolCall.class, "state");

        private final DefaultThreadPoolBulkhead owner;
        private final Supplier<? extends CompletionStage<T>> call;
        private final AsyncChain next;
        /** The submitter's deadline, if any: the call starts on a pool thread, which must see it too. */
        private final TimeLimit deadline;
        private volatile int state;
        private volatile CompletionStage<T> source;
        volatile Runnable queued;
        volatile ThreadPoolExecutor pool;

        PoolCall(DefaultThreadPoolBulkhead owner, Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
            this.owner = owner;
            this.call = call;
            this.next = next;
            this.deadline = CallContext.deadline();
        }

        /** On a pool thread. */
        @Override
        public void run() {
            if (!STATE.compareAndSet(this, QUEUED, STARTED)) {
                return; // cancelled while queued, already reported finished
            }
            TimeLimit previous = CallContext.swapDeadline(deadline);
            CompletionStage<T> stage;
            try {
                stage = next.proceed(call);
            } catch (Throwable t) {
                stage = Stages.failed(t);
            } finally {
                CallContext.swapDeadline(previous);
            }
            source = stage;
            if (isCancelled()) {
                cancelSource();
            }
            stage.whenComplete(this);
        }

        @Override
        public void accept(T value, Throwable failure) {
            if (failure == null) {
                complete(value);
            } else {
                completeExceptionally(Stages.unwrap(failure));
            }
            finish();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                if (STATE.compareAndSet(this, QUEUED, FINISHED)) {
                    // Free its place in the queue now rather than when a thread reaches it.
                    ThreadPoolExecutor executor = pool;
                    if (executor != null) {
                        executor.remove(queued);
                    }
                    owner.notifyFinished();
                } else {
                    cancelSource();
                }
            }
            return cancelled;
        }

        private void finish() {
            if (STATE.compareAndSet(this, STARTED, FINISHED)) {
                owner.notifyFinished();
            }
        }

        private void cancelSource() {
            CompletionStage<T> stage = source;
            if (stage != null) {
                try {
                    stage.toCompletableFuture().cancel(true);
                } catch (UnsupportedOperationException notCancellable) {
                    // A minimal stage runs on; its outcome is discarded.
                }
            }
        }
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("Thread-pool bulkhead '" + name + "' is closed and accepts no more calls");
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

    // ------------------------------------------------------------------------------------------------ listeners

    @Override
    public void addListener(ThreadPoolBulkheadListener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean removeListener(ThreadPoolBulkheadListener listener) {
        return listeners.remove(listener);
    }

    @Override
    public ThreadPoolBulkheadListener onEvent(EventConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        ThreadPoolBulkheadListener adapter = ThreadPoolBulkheadListener.events(consumer);
        listeners.add(adapter);
        return adapter;
    }

    void notifyPermitted() {
        listeners.deliver(PERMITTED, this);
    }

    void notifyRejected() {
        listeners.deliver(REJECTED, this);
    }

    void notifyFinished() {
        listeners.deliver(FINISHED, this);
    }

    @Override
    public String toString() {
        return "ThreadPoolBulkhead '" + name + "' " + config;
    }
}
