package dev.resilience.core.gate;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Deferral} that is also the task a gate schedules for its waiting call: the end of a bounded wait (a
 * bulkhead's {@code max-wait-duration}), or a start that comes later (a rate limiter's next period). It holds
 * the call and the scheduled task, so that the gate can cancel the task when the wait ends otherwise (a permit
 * came, the caller cancelled).
 *
 * @param <P> the gate's permit type
 * @since 0.1.0
 */
public abstract class ScheduledDeferral<P> implements Deferral, Runnable {

    private volatile GateCall<P, ?> call;
    private volatile ScheduledFuture<?> task;

    /** For subclasses, which carry what they decided about the wait. */
    protected ScheduledDeferral() {
    }

    /**
     * Runs {@link #timeUp} for {@code waiting} after {@code delayNanos} on {@code scheduler}; from
     * {@link Gate#enqueue}. A scheduler that refuses the task throws, and the call then fails with that.
     */
    public final void schedule(GateCall<P, ?> waiting, ScheduledExecutorService scheduler, long delayNanos) {
        this.call = waiting;
        this.task = scheduler.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Cancels the scheduled task, if it was scheduled and has not run. */
    public final void cancel() {
        ScheduledFuture<?> pending = task;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    /** The scheduled time came. */
    @Override
    public final void run() {
        timeUp(call);
    }

    /** What the time that came means for {@code waiting}: the end of its wait, or its start. */
    protected abstract void timeUp(GateCall<P, ?> waiting);
}
