package dev.resilience.core.gate;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Stages;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One asynchronous call through a {@link Gate}: the stage handed to the caller, and the callback on the call's
 * own stage. Its state (waiting, admitted, running, done) settles each call exactly once, whichever of "the call
 * completed", "the caller cancelled" and "the wait ended" comes first, so the permit is used or given back,
 * never lost or doubled.
 *
 * <p>A gate sees this object only for calls it deferred ({@link AsyncGate#enqueue}): it later either
 * {@linkplain #grant grants} the call a permit and {@linkplain #start starts} it, or {@linkplain #stopWaiting
 * stops its wait} and completes it exceptionally with its rejection. Completing it in any other way is a bug
 * of the gate.
 *
 * <p>Cancelling the stage ({@link #cancel}) gives the permit back ({@link AsyncGate#onCancelled}, then
 * {@link AsyncGate#release}), cancels the call's own stage (so that inner patterns give back what they hold) and
 * records no outcome: an abandoned call is neither a success nor a failure. Cancelling a waiting call takes it
 * out of the wait ({@link AsyncGate#leftQueue}).
 *
 * @param <P> the gate's permit type
 * @param <T> the call's result type
 * @since 0.1.0
 */
public final class GateCall<P, T> extends CompletableFuture<T> implements BiConsumer<T, Throwable> {

    private static final int WAITING = 0;
    private static final int ADMITTED = 1;
    private static final int RUNNING = 2;
    private static final int DONE = 3;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<GateCall> STATE =
            AtomicIntegerFieldUpdater.newUpdater(GateCall.class, "state");

    private final AsyncGate<P, ?> gate;
    private final Supplier<? extends CompletionStage<T>> call;
    private final AsyncChain next;
    private final Deferral deferral;
    /** Written before the state leaves ADMITTED (by the constructor or the granting thread), read after. */
    private P permit;
    private long start;
    private volatile CompletionStage<T> source;
    private volatile int state;

    /** A call admitted with {@code permit} ({@code deferral} null), or one that waits ({@code deferral} set). */
    GateCall(AsyncGate<P, ?> gate, Supplier<? extends CompletionStage<T>> call, AsyncChain next, Deferral deferral,
            P permit) {
        this.gate = gate;
        this.call = call;
        this.next = next;
        this.deferral = deferral;
        this.permit = permit;
        this.state = deferral == null ? ADMITTED : WAITING;
    }

    /** What {@link AsyncGate#acquireAsync()} returned for this call; {@code null} for a call admitted at once. */
    public Deferral deferral() {
        return deferral;
    }

    /** Whether the call still waits for a permit (not granted, cancelled or stopped yet). */
    public boolean isWaiting() {
        return state == WAITING;
    }

    /**
     * Gives this waiting call its permit; the same thread then calls {@link #start()}. {@code null} admits the
     * call without observing it (no hook runs for it).
     *
     * @return {@code false} when the call no longer waits (cancelled, or its wait ended): the permit was not
     *         taken, the gate keeps it
     */
    public boolean grant(P permit) {
        if (!STATE.compareAndSet(this, WAITING, ADMITTED)) {
            return false;
        }
        this.permit = permit;
        return true;
    }

    /**
     * {@link #grant} and, when granted, {@link #start}: for a gate with nothing to do in between.
     *
     * @return {@code false} when the call no longer waits: the permit was not taken
     */
    public boolean admit(P permit) {
        if (!grant(permit)) {
            return false;
        }
        start();
        return true;
    }

    /**
     * Ends this call's wait without a permit; the gate then completes it exceptionally (with its rejection).
     *
     * @return {@code false} when the call no longer waits (granted, or cancelled first)
     */
    public boolean stopWaiting() {
        return STATE.compareAndSet(this, WAITING, DONE);
    }

    /**
     * Starts an admitted call on this thread, through {@link AsyncGate#proceedAsync}. A call cancelled between its
     * grant and now gives its permit back instead of starting.
     */
    public void start() {
        if (!STATE.compareAndSet(this, ADMITTED, RUNNING)) {
            throw new IllegalStateException("Only an admitted call can start: " + this);
        }
        if (isDone()) {
            abandon();
            return;
        }
        P admitted = permit;
        if (admitted != null) {
            start = gate.clock();
        }
        CompletionStage<T> stage;
        try {
            stage = gate.proceedAsync(this, call, next);
            if (stage == null) {
                stage = Stages.failed(new NullPointerException("The call returned a null CompletionStage"));
            }
        } catch (Throwable failure) {
            // Chains never throw; a hand-written one might, and the permit must still come back.
            stage = Stages.failed(failure);
        }
        source = stage;
        if (isCancelled()) {
            Stages.cancel(stage, true);
        }
        stage.whenComplete(this);
    }

    /** The call's own stage completed: the gate learns the outcome and releases, then the caller is told. */
    @Override
    public void accept(T value, Throwable failure) {
        if (!STATE.compareAndSet(this, RUNNING, DONE)) {
            return; // the caller cancelled first: the call was neither a success nor a failure
        }
        P admitted = permit;
        Throwable outcome = failure == null ? null : Stages.unwrap(failure);
        if (admitted != null) {
            if (outcome == null) {
                try {
                    gate.succeeded(admitted, start, value);
                } catch (Throwable hookFailure) {
                    outcome = hookFailure;
                }
            } else {
                outcome = gate.failed(admitted, start, outcome);
            }
        }
        if (outcome == null) {
            complete(value);
        } else {
            completeExceptionally(outcome);
        }
    }

    /** Cancels the call: out of the wait, or its permit back and its own stage cancelled; nothing recorded. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            if (STATE.compareAndSet(this, WAITING, DONE)) {
                gate.leftQueue(this);
            } else if (abandon()) {
                Stages.cancel(source, mayInterruptIfRunning);
            }
            // ADMITTED: start() sees the cancellation and gives the permit back.
        }
        return cancelled;
    }

    private boolean abandon() {
        if (!STATE.compareAndSet(this, RUNNING, DONE)) {
            return false;
        }
        P admitted = permit;
        if (admitted != null) {
            gate.abandoned(admitted);
        }
        return true;
    }
}
