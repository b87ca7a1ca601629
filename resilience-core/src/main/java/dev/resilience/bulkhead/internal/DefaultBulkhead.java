package dev.resilience.bulkhead.internal;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.core.AsyncChain;
import dev.resilience.core.event.ListenerList;
import dev.resilience.core.gate.Deferral;
import dev.resilience.core.gate.Gate;
import dev.resilience.core.gate.GateCall;
import dev.resilience.core.gate.ScheduledDeferral;
import dev.resilience.core.event.ListenerList.Notification;
import dev.resilience.core.CallContext;
import dev.resilience.core.TimeLimit;
import dev.resilience.core.internal.DurationFormat;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p><b>Calls</b> go through {@link Gate}: the hooks below take and give back permits, the gate writes the
 * synchronous, asynchronous, cancellation and {@code Error} paths around them.
 *
 * <p><b>Asynchronous waiters</b> must not block, so they wait in {@link #asyncWaiters}, a FIFO queue beside the
 * semaphore. Whoever gives a permit back drains that queue ({@link #drainAsyncWaiters()}): it takes a permit
 * for the head waiter and starts it, on its own thread. Sync waiters, parked inside the semaphore, go first.
 * Each waiter is a {@link GateCall}, whose states (waiting, admitted, running, done) make a grant racing with its
 * timer or a cancellation end with the permit either used or returned, never lost or doubled. The drain runs
 * under a work-in-progress counter, so a call that completes synchronously inside the drain and gives its
 * permit back does not recurse.
 */
public final class DefaultBulkhead extends Gate<Object, BulkheadListener> implements Bulkhead, Bulkhead.Metrics {

    /** The permit of every admitted call: the semaphore counts them, nothing is remembered per call. */
    private static final Object PERMIT = "bulkhead permit";

    private static final Notification<BulkheadListener, Bulkhead> PERMITTED =
            (listener, bulkhead, unused, unusedToo, none) -> listener.onPermitted(bulkhead);
    private static final Notification<BulkheadListener, Bulkhead> REJECTED =
            (listener, bulkhead, unused, unusedToo, none) -> listener.onRejected(bulkhead);
    private static final Notification<BulkheadListener, Bulkhead> FINISHED =
            (listener, bulkhead, unused, unusedToo, none) -> listener.onFinished(bulkhead);

    private final Permits permits;
    private final ListenerList<BulkheadListener> listeners;
    private final ConcurrentLinkedQueue<GateCall<Object, ?>> asyncWaiters = new ConcurrentLinkedQueue<>();
    /** Size of {@link #asyncWaiters}, so giving a permit back reads one int instead of walking the queue. */
    private final AtomicInteger asyncWaiting = new AtomicInteger();
    private final AtomicInteger drainWork = new AtomicInteger();
    private volatile BulkheadConfig config;

    public DefaultBulkhead(String name, BulkheadConfig config) {
        super(name, new ListenerList<>(BulkheadListener.class), BulkheadListener::events);
        this.listeners = listeners();
        this.config = Objects.requireNonNull(config, "config");
        this.permits = new Permits(config.maxConcurrentCalls());
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

    private void giveBack() {
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
        giveBack();
        notifyFinished();
    }

    private BulkheadFullException full(BulkheadConfig config) {
        String limit = "max " + config.maxConcurrentCalls() + " concurrent calls";
        if (config.maxWaitNanos() > 0) {
            limit += "; waited " + DurationFormat.format(config.maxWaitDuration());
        }
        return new BulkheadFullException(name(), "Bulkhead '" + name() + "' is full and does not permit further calls ("
                + limit + ")", config.writableStackTraceEnabled());
    }

    private CancellationException interrupted(InterruptedException cause) {
        CancellationException cancelled = new CancellationException(
                "Interrupted while waiting for a permit of bulkhead '" + name() + "'; the call was not started");
        cancelled.initCause(cause);
        return cancelled;
    }

    // ------------------------------------------------------------------------------------------------ gate hooks

    /** Sync: a permit at once or within {@code max-wait-duration}, else {@link BulkheadFullException}. */
    @Override
    protected Object acquire() {
        acquirePermission();
        return PERMIT;
    }

    /**
     * Async: a permit at once, a rejection when no wait is allowed, else a {@link Waiter}: the call waits in
     * {@link #asyncWaiters} without blocking a thread.
     */
    @Override
    protected Object acquireAsync() {
        BulkheadConfig config = this.config;
        // A fair bulkhead lets nobody overtake asynchronous calls already waiting.
        boolean overtakes = !config.fairCallHandling() || asyncWaiting.get() == 0;
        if (overtakes && permits.tryAcquire()) {
            notifyPermitted();
            return PERMIT;
        }
        if (config.maxWaitNanos() == 0L) {
            notifyRejected();
            throw full(config);
        }
        return new Waiter(config, CallContext.deadline());
    }

    @Override
    protected void enqueue(GateCall<Object, ?> waiting, Deferral deferral) {
        Waiter waiter = (Waiter) deferral;
        // The expiry is scheduled before the call is queued: a scheduler that rejects it then fails the call
        // before anyone could start it (queued first, it would be started later although its caller was
        // already told it failed). An expiry that fires before the call is queued ends its wait; the drain
        // then skips it.
        waiter.schedule(waiting, waiter.config.scheduler(), CallContext.boundedWait(waiter.config.maxWaitNanos()));
        asyncWaiters.add(waiting);
        asyncWaiting.incrementAndGet();
        // A permit may have come free before the call was queued: nobody else would look again.
        drainAsyncWaiters();
    }

    @Override
    protected void leftQueue(GateCall<Object, ?> waiting) {
        removeWaiter(waiting);
        ((Waiter) waiting.deferral()).cancel();
    }

    /** A waiting call starts on the thread that freed its permit: it runs under its caller's deadline. */
    @Override
    protected <T> CompletionStage<T> proceedAsync(GateCall<Object, T> admitted,
            Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        Waiter waiter = (Waiter) admitted.deferral();
        if (waiter == null || waiter.deadline == null) {
            return next.proceed(call);
        }
        return CallerDeadline.proceed(waiter.deadline, call, next);
    }

    @Override
    protected void release(Object permit) {
        giveBack();
        notifyFinished();
    }

    private void removeWaiter(GateCall<Object, ?> waiting) {
        if (asyncWaiters.remove(waiting)) {
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
                GateCall<Object, ?> waiting = asyncWaiters.poll();
                if (waiting != null) {
                    asyncWaiting.decrementAndGet();
                }
                if (waiting == null || !waiting.grant(PERMIT)) {
                    permits.release();
                    continue;
                }
                ((Waiter) waiting.deferral()).cancel();
                notifyPermitted();
                waiting.start();
            }
            missed = drainWork.addAndGet(-missed);
        } while (missed != 0);
    }

    /**
     * The wait of one asynchronous call: its configuration and its caller's deadline (another thread may start
     * it), and the scheduled end of the wait, which this object is.
     */
    private final class Waiter extends ScheduledDeferral<Object> {
        final BulkheadConfig config;
        final TimeLimit deadline;

        Waiter(BulkheadConfig config, TimeLimit deadline) {
            this.config = config;
            this.deadline = deadline;
        }

        /** {@code max-wait-duration} passed without a permit. */
        @Override
        protected void timeUp(GateCall<Object, ?> waiting) {
            if (waiting.stopWaiting()) {
                removeWaiter(waiting);
                notifyRejected();
                waiting.completeExceptionally(full(config));
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
        return "Bulkhead '" + name() + "' " + config;
    }
}
