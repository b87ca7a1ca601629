package dev.resilience.bulkhead.internal;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.core.AsyncChain;
import dev.resilience.core.CallContext;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Stages;
import dev.resilience.core.TimeLimit;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;
import dev.resilience.core.event.ListenerList.Notification;
import dev.resilience.core.internal.DurationFormat;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The semaphore {@link Bulkhead}.
 *
 * <p><b>Permits.</b> A fair {@link Semaphore} holds {@code max-concurrent-calls} minus the calls inside. Its
 * barging {@code tryAcquire()} is one compare-and-set on an int, with no lock and no allocation: the path of
 * every call when {@code max-wait-duration} is zero. With a wait, the timed {@code tryAcquire} of a fair
 * semaphore queues the caller FIFO behind earlier waiters. Lowering the limit reduces the permits, possibly
 * below zero: calls inside finish and give theirs back, and new calls get one only once the count is positive,
 * i.e. once fewer than the new limit are inside.
 *
 * <p><b>Asynchronous waiters</b> must not block, so they wait in {@link #asyncWaiters}, a FIFO queue beside the
 * semaphore. Whoever gives a permit back drains that queue ({@link #drainAsyncWaiters()}): it takes a permit
 * for the head waiter and starts it, on its own thread. Sync waiters, parked inside the semaphore, go first.
 * Each waiter is a small state machine (waiting, running, ended, abandoned) so that a grant racing with its
 * timer or a cancellation ends with the permit either used or returned, never lost or doubled. The drain runs
 * under a work-in-progress counter, so a call that completes synchronously inside the drain and gives its
 * permit back does not recurse.
 */
public final class SemaphoreBulkhead implements Bulkhead, Bulkhead.Metrics {

    private static final Notification<BulkheadListener, Bulkhead> PERMITTED =
            (listener, bulkhead, unused, unusedToo, none) -> listener.onPermitted(bulkhead);
    private static final Notification<BulkheadListener, Bulkhead> REJECTED =
            (listener, bulkhead, unused, unusedToo, none) -> listener.onRejected(bulkhead);
    private static final Notification<BulkheadListener, Bulkhead> FINISHED =
            (listener, bulkhead, unused, unusedToo, none) -> listener.onFinished(bulkhead);

    private final String name;
    private final Permits permits;
    private final ListenerList<BulkheadListener> listeners = new ListenerList<>(BulkheadListener.class);
    private final ConcurrentLinkedQueue<AsyncCall<?>> asyncWaiters = new ConcurrentLinkedQueue<>();
    /** Size of {@link #asyncWaiters}, so giving a permit back reads one int instead of walking the queue. */
    private final AtomicInteger asyncWaiting = new AtomicInteger();
    private final AtomicInteger drainWork = new AtomicInteger();
    private volatile BulkheadConfig config;

    public SemaphoreBulkhead(String name, BulkheadConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.permits = new Permits(config.maxConcurrentCalls());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public BulkheadConfig config() {
        return config;
    }

    @Override
    public synchronized void reconfigure(BulkheadConfig config) {
        Objects.requireNonNull(config, "config");
        int delta = config.maxConcurrentCalls() - this.config.maxConcurrentCalls();
        this.config = config;
        if (delta > 0) {
            permits.release(delta);
            drainAsyncWaiters();
        } else if (delta < 0) {
            permits.reduce(-delta);
        }
    }

    @Override
    public Metrics metrics() {
        return this;
    }

    @Override
    public int availableConcurrentCalls() {
        return Math.max(0, permits.availablePermits());
    }

    @Override
    public int maxAllowedConcurrentCalls() {
        return config.maxConcurrentCalls();
    }

    // ------------------------------------------------------------------------------------------------- permits

    /**
     * Takes a permit under {@code config}: at once, or waiting up to {@code max-wait-duration}.
     *
     * @throws InterruptedException when interrupted while waiting (no permit is taken then)
     */
    private boolean acquire(BulkheadConfig config) throws InterruptedException {
        long wait = config.maxWaitNanos();
        if (wait == 0L) {
            return permits.tryAcquire();
        }
        if (!config.fairCallHandling() && permits.tryAcquire()) {
            return true;
        }
        if (permits.tryAcquire(CallContext.boundedWait(wait), TimeUnit.NANOSECONDS)) {
            return true;
        }
        // A permit freed while this caller was giving up went to nobody: let an asynchronous waiter have it.
        if (asyncWaiting.get() != 0) {
            drainAsyncWaiters();
        }
        return false;
    }

    private void release() {
        permits.release();
        if (asyncWaiting.get() != 0) {
            drainAsyncWaiters();
        }
    }

    @Override
    public boolean tryAcquirePermission() {
        boolean permitted;
        try {
            permitted = acquire(config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            permitted = false;
        }
        if (permitted) {
            notifyPermitted();
        } else {
            notifyRejected();
        }
        return permitted;
    }

    @Override
    public void acquirePermission() {
        BulkheadConfig config = this.config;
        boolean permitted;
        try {
            permitted = acquire(config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
        if (!permitted) {
            notifyRejected();
            throw full(config);
        }
        notifyPermitted();
    }

    @Override
    public void releasePermission() {
        release();
        notifyFinished();
    }

    private BulkheadFullException full(BulkheadConfig config) {
        String limit = "max " + config.maxConcurrentCalls() + " concurrent calls";
        if (config.maxWaitNanos() > 0) {
            limit += "; waited " + DurationFormat.format(config.maxWaitDuration());
        }
        return new BulkheadFullException(name, "Bulkhead '" + name + "' is full and does not permit further calls ("
                + limit + ")", config.writableStackTraceEnabled());
    }

    private CancellationException interrupted(InterruptedException cause) {
        CancellationException cancelled = new CancellationException(
                "Interrupted while waiting for a permit of bulkhead '" + name + "'; the call was not started");
        cancelled.initCause(cause);
        return cancelled;
    }

    // ------------------------------------------------------------------------------------------------ synchronous

    @Override
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        acquirePermission();
        try {
            return next.proceed(call);
        } finally {
            release();
            notifyFinished();
        }
    }

    /** {@link #execute} for a plain supplier, calling it directly (no adapter, nothing allocated). */
    @Override
    public <T> T executeSupplier(Supplier<T> supplier) {
        acquirePermission();
        try {
            return supplier.get();
        } finally {
            release();
            notifyFinished();
        }
    }

    // ----------------------------------------------------------------------------------------------- asynchronous

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        try {
            BulkheadConfig config = this.config;
            // A fair bulkhead lets nobody overtake asynchronous calls already waiting.
            boolean overtakes = !config.fairCallHandling() || asyncWaiting.get() == 0;
            if (overtakes && permits.tryAcquire()) {
                notifyPermitted();
                AsyncCall<T> result = new AsyncCall<>(this, call, next, AsyncCall.RUNNING);
                result.start();
                return result;
            }
            if (config.maxWaitNanos() == 0L) {
                notifyRejected();
                return Stages.failed(full(config));
            }
            AsyncCall<T> waiter = new AsyncCall<>(this, call, next, AsyncCall.WAITING);
            waiter.config = config;
            waiter.deadline = CallContext.deadline();
            // The expiry is scheduled before the waiter is queued: a scheduler that rejects it then fails the call
            // before anyone could start it (queued first, it would be started later although its caller was
            // already told it failed). An expiry that fires before the waiter is queued abandons it; the drain
            // then skips it.
            waiter.timer = config.scheduler().schedule(waiter, CallContext.boundedWait(config.maxWaitNanos()),
                    TimeUnit.NANOSECONDS);
            asyncWaiters.add(waiter);
            asyncWaiting.incrementAndGet();
            // A permit may have come free before the waiter was queued: nobody else would look again.
            drainAsyncWaiters();
            return waiter;
        } catch (Throwable t) {
            return Stages.failed(t);
        }
    }

    private void removeWaiter(AsyncCall<?> waiter) {
        if (asyncWaiters.remove(waiter)) {
            asyncWaiting.decrementAndGet();
        }
    }

    /** Hands free permits to queued asynchronous calls, head first. */
    void drainAsyncWaiters() {
        if (drainWork.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            for (;;) {
                if (asyncWaiters.peek() == null || permits.hasQueuedThreads() || !permits.tryAcquire()) {
                    break;
                }
                AsyncCall<?> waiter = asyncWaiters.poll();
                if (waiter != null) {
                    asyncWaiting.decrementAndGet();
                }
                if (waiter == null || !waiter.grant()) {
                    permits.release();
                    continue;
                }
                notifyPermitted();
                waiter.start();
            }
            missed = drainWork.addAndGet(-missed);
        } while (missed != 0);
    }

    /**
     * One asynchronous call: the stage handed to the caller, the callback on the call's own stage, and while it
     * waits for a permit, the scheduled end of that wait.
     */
    static final class AsyncCall<T> extends CompletableFuture<T> implements Runnable, BiConsumer<T, Throwable> {
        static final int WAITING = 0;
        static final int RUNNING = 1;
        static final int ENDED = 2;
        static final int ABANDONED = 3;

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<AsyncCall> STATE =
                AtomicIntegerFieldUpdater.newUpdater(AsyncCall.class, "state");

        private final SemaphoreBulkhead owner;
        private final Supplier<? extends CompletionStage<T>> call;
        private final AsyncChain next;
        private volatile int state;
        private volatile CompletionStage<T> source;
        volatile ScheduledFuture<?> timer;
        /** For a waiter: its config, and the caller's deadline, since another thread may start it. */
        BulkheadConfig config;
        TimeLimit deadline;

        AsyncCall(SemaphoreBulkhead owner, Supplier<? extends CompletionStage<T>> call, AsyncChain next, int state) {
            this.owner = owner;
            this.call = call;
            this.next = next;
            this.state = state;
        }

        /** A permit was taken for this waiter; {@code false} when it gave up first. */
        boolean grant() {
            if (!STATE.compareAndSet(this, WAITING, RUNNING)) {
                return false;
            }
            ScheduledFuture<?> pending = timer;
            if (pending != null) {
                pending.cancel(false);
            }
            return true;
        }

        /** Starts the call; the permit is held. */
        void start() {
            if (isDone()) {
                // Cancelled between the grant and now.
                endAndRelease();
                return;
            }
            CompletionStage<T> stage;
            TimeLimit previous = deadline == null ? null : CallContext.swapDeadline(deadline);
            try {
                stage = next.proceed(call);
            } catch (Throwable t) {
                // Chains never throw; a hand-written one might, and the permit must still come back.
                stage = Stages.failed(t);
            } finally {
                if (deadline != null) {
                    CallContext.swapDeadline(previous);
                }
            }
            source = stage;
            if (isCancelled()) {
                cancelSource();
            }
            stage.whenComplete(this);
        }

        /** The call's stage completed: give the permit back, then pass the outcome on. */
        @Override
        public void accept(T value, Throwable failure) {
            endAndRelease();
            if (failure == null) {
                complete(value);
            } else {
                completeExceptionally(Stages.unwrap(failure));
            }
        }

        /** {@code max-wait-duration} passed without a permit. */
        @Override
        public void run() {
            if (STATE.compareAndSet(this, WAITING, ABANDONED)) {
                owner.removeWaiter(this);
                owner.notifyRejected();
                completeExceptionally(owner.full(config));
            }
        }

        /** The caller cancelled the returned stage: leave the queue, or end the call and give the permit back. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                if (STATE.compareAndSet(this, WAITING, ABANDONED)) {
                    owner.removeWaiter(this);
                    ScheduledFuture<?> pending = timer;
                    if (pending != null) {
                        pending.cancel(false);
                    }
                } else {
                    endAndRelease();
                    cancelSource();
                }
            }
            return cancelled;
        }

        private void endAndRelease() {
            if (STATE.compareAndSet(this, RUNNING, ENDED)) {
                owner.release();
                owner.notifyFinished();
            }
        }

        private void cancelSource() {
            CompletionStage<T> stage = source;
            if (stage != null) {
                try {
                    stage.toCompletableFuture().cancel(true);
                } catch (UnsupportedOperationException notCancellable) {
                    // A minimal stage: it runs on, its permit is already back.
                }
            }
        }
    }

    /** A fair semaphore that can also shrink. */
    private static final class Permits extends Semaphore {
        private static final long serialVersionUID = 1L;

        Permits(int permits) {
            super(permits, true);
        }

        void reduce(int reduction) {
            reducePermits(reduction);
        }
    }

    // ------------------------------------------------------------------------------------------------- listeners

    @Override
    public void addListener(BulkheadListener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean removeListener(BulkheadListener listener) {
        return listeners.remove(listener);
    }

    @Override
    public BulkheadListener onEvent(EventConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        BulkheadListener adapter = BulkheadListener.events(consumer);
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
        return "Bulkhead '" + name + "' " + config;
    }
}
