package dev.resilience.core.gate;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.AsyncPolicy;
import dev.resilience.core.Exceptions;
import dev.resilience.core.Stages;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The asynchronous half of {@link Gate}, on its own for a pattern that admits calls only asynchronously (a
 * thread-pool bulkhead, which starts every call on one of its threads): it is an {@link AsyncPolicy}, not a
 * {@link dev.resilience.core.Policy}, so it has no synchronous path to refuse at run time. Everything
 * {@link Gate} says about the hooks, the asynchronous path, cancellation and listeners holds here; a pattern
 * that also runs synchronous calls extends {@link Gate}.
 *
 * @param <P> the permit type
 * @param <L> the pattern's listener type
 * @since 0.1.0
 */
public abstract class AsyncGate<P, L> implements AsyncPolicy {

    private final String name;
    private final ListenerList<L> listeners;
    private final Function<? super EventConsumer, ? extends L> events;

    /**
     * @param name the instance name
     * @param listeners the pattern's listeners (shared between gates when several share them, as the keys of a
     *        keyed rate limiter do)
     * @param events turns an {@link EventConsumer} into a listener, for {@link #onEvent}
     */
    protected AsyncGate(String name, ListenerList<L> listeners, Function<? super EventConsumer, ? extends L> events) {
        this.name = Objects.requireNonNull(name, "name");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public final String name() {
        return name;
    }

    // ------------------------------------------------------------------------------------------------- hooks

    /**
     * Admits one asynchronous call without blocking, or rejects it.
     *
     * @return the call's permit, {@code null} to admit it unobserved (no other hook runs for it), or a
     *         {@link Deferral}: the call waits, and {@link #enqueue} receives it
     * @throws RuntimeException the pattern's rejection, which becomes the returned stage's failure
     */
    protected abstract Object acquireAsync();

    /**
     * A reading of the pattern's clock in nanoseconds, taken before and after each observed call; durations
     * are differences of two readings. By default {@code 0}: a pattern that does not time calls reads no clock.
     */
    protected long clock() {
        return 0L;
    }

    /**
     * The observed call returned {@code result}. May throw (a result predicate that failed): that becomes the
     * call's failure. {@link #release} follows.
     *
     * @param durationNanos the call's duration on {@link #clock()}
     * @param endNanos the reading of {@link #clock()} when it ended
     */
    protected void onSuccess(P permit, long durationNanos, long endNanos, Object result) {
    }

    /**
     * The observed call failed with {@code failure} (never {@code null}; for an asynchronous call, without the
     * {@code CompletionException} wrapper). {@link #release} follows.
     *
     * @return what the caller gets: {@code failure} itself, or the pattern's own failure that replaces it
     */
    protected Throwable onFailure(P permit, long durationNanos, long endNanos, Throwable failure) {
        return failure;
    }

    /** The caller cancelled the observed asynchronous call before it completed. {@link #release} follows. */
    protected void onCancelled(P permit) {
    }

    /** Gives back what {@link #acquire()} took; exactly once per observed call, after the outcome. */
    protected void release(P permit) {
    }

    /**
     * Takes a call that {@link #acquireAsync()} deferred. The gate later {@linkplain GateCall#grant grants} it
     * a permit and {@linkplain GateCall#start starts} it, or {@linkplain GateCall#stopWaiting ends its wait}
     * and completes it exceptionally. If this method throws, the call fails with that exception.
     */
    protected void enqueue(GateCall<P, ?> waiting, Deferral deferral) {
        throw new IllegalStateException(this + " deferred a call but does not take deferred calls");
    }

    /** A waiting call was cancelled: forget it (its timer, its place in the queue). */
    protected void leftQueue(GateCall<P, ?> waiting) {
    }

    /**
     * Starts an admitted asynchronous call: {@code next.proceed(call)}. A gate that starts deferred calls on
     * another thread overrides this to carry the caller's context there.
     */
    protected <T> CompletionStage<T> proceedAsync(GateCall<P, T> admitted, Supplier<? extends CompletionStage<T>> call,
            AsyncChain next) {
        return next.proceed(call);
    }

    /** The pattern's listeners, for its hooks to notify through {@link ListenerList#deliver}. */
    protected final ListenerList<L> listeners() {
        return listeners;
    }

    /** The success of an observed call; {@link #release} runs whatever {@link #onSuccess} does. */
    final void succeeded(P permit, long start, Object result) {
        try {
            long end = clock();
            onSuccess(permit, end - start, end, result);
        } finally {
            release(permit);
        }
    }

    /** The failure of an observed call; returns what the caller gets. Never throws. */
    final Throwable failed(P permit, long start, Throwable failure) {
        Throwable outcome;
        try {
            long end = clock();
            outcome = onFailure(permit, end - start, end, failure);
            if (outcome == null) {
                outcome = failure;
            }
        } catch (Throwable hookFailure) {
            Exceptions.addSuppressed(hookFailure, failure);
            outcome = hookFailure;
        }
        try {
            release(permit);
        } catch (Throwable releaseFailure) {
            Exceptions.addSuppressed(outcome, releaseFailure);
        }
        return outcome;
    }

    /** A cancelled observed call: {@link #onCancelled}, then {@link #release}. */
    final void abandoned(P permit) {
        try {
            onCancelled(permit);
        } finally {
            release(permit);
        }
    }
    // ---------------------------------------------------------------------------------------- asynchronous

    @Override
    @SuppressWarnings("unchecked")
    public final <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        Object admission;
        try {
            admission = acquireAsync();
        } catch (Throwable rejected) {
            return Stages.failed(rejected);
        }
        if (admission == null) {
            return next.proceed(call);
        }
        if (admission instanceof Deferral) {
            Deferral deferral = (Deferral) admission;
            GateCall<P, T> waiting = new GateCall<>(this, call, next, deferral, null);
            try {
                enqueue(waiting, deferral);
            } catch (Throwable failure) {
                if (waiting.stopWaiting()) {
                    waiting.completeExceptionally(failure);
                }
            }
            return waiting;
        }
        GateCall<P, T> admitted = new GateCall<>(this, call, next, null, (P) admission);
        admitted.start();
        return admitted;
    }

    // ------------------------------------------------------------------------------------------- listeners

    /** Adds a listener; adding one twice notifies it twice. */
    public void addListener(L listener) {
        listeners.add(listener);
    }

    /** Removes one registration of {@code listener}; returns whether it was registered. */
    public boolean removeListener(L listener) {
        return listeners.remove(listener);
    }

    /** Registers a listener that turns each notification into an event for {@code consumer}, and returns it. */
    public L onEvent(EventConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        L adapter = events.apply(consumer);
        listeners.add(adapter);
        return adapter;
    }
}
