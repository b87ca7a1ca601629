package dev.resilience.core.gate;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Exceptions;
import dev.resilience.core.Policy;
import dev.resilience.core.Stages;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The base of every pattern that admits or rejects a call and learns its outcome: a circuit breaker, a
 * bulkhead, a rate limiter, a load shedder, a feature toggle. The pattern writes its decisions as hooks; this
 * class writes, once for all of them, how a call goes through those decisions.
 *
 * <h2>Hooks</h2>
 * <ul>
 *   <li>{@link #acquire()} admits a synchronous call: it returns the call's <em>permit</em> (any object the
 *       pattern needs to settle the call later: a breaker's period, a constant), or throws the pattern's
 *       rejection (a {@link dev.resilience.core.ResilienceException}). It may wait (a bulkhead's
 *       {@code max-wait-duration}). {@code null} admits the call <em>unobserved</em>: it runs and no other hook
 *       is called for it (a disabled breaker, a rate limiter, which does not track outcomes).
 *   <li>{@link #acquireAsync()} admits an asynchronous call without blocking (by default {@link #acquire()});
 *       it may also return a {@link Deferral}: the call waits, and {@link #enqueue} receives it.
 *   <li>{@link #onSuccess} and {@link #onFailure} learn the outcome of an observed call, with its duration
 *       on {@link #clock()}; {@link #onCancelled} learns that the caller gave an asynchronous call up.
 *   <li>{@link #release(Object)} runs exactly once for every observed call, after whichever of those three
 *       came, even when the call threw an {@link Error} or a hook failed.
 * </ul>
 *
 * <h2>What the template guarantees</h2>
 * <ul>
 *   <li><b>Synchronous path, 0 bytes.</b> {@link #execute}, {@link #executeSupplier},
 *       {@link #executeCallable}, {@link #executeRunnable} and the functions of {@link #decorateFunction} run
 *       their argument directly: a successful call allocates nothing here, so it allocates exactly what the
 *       hooks allocate.
 *   <li><b>Outcomes unchanged.</b> The call's result and failure reach the caller as the call produced them
 *       (checked exceptions and {@link Error}s included), unless {@link #onFailure} returns another failure
 *       (a pattern's own predicate that failed) or {@link #onSuccess} throws (a result predicate that failed).
 *   <li><b>Asynchronous path.</b> {@link #executeAsync} never throws and never blocks; a rejection is a
 *       failed stage. An observed call returns a {@link GateCall}: the outcome is learnt and the permit released
 *       <em>before</em> the caller's stage completes, so whoever reacts to the completion sees the permit back.
 *       An unobserved call returns the call's own stage.
 *   <li><b>Cancellation.</b> Cancelling the returned stage gives the permit back and cancels the call's own
 *       stage; see {@link GateCall}.
 *   <li><b>Listeners.</b> The gate holds the pattern's {@link ListenerList}; hooks notify through
 *       {@link ListenerList#deliver}, which guards every listener, so a listener can neither break nor change
 *       the call. {@link #addListener}, {@link #removeListener} and {@link #onEvent} are written here.
 * </ul>
 *
 * <p>Hooks run on the calling thread, or for an asynchronous call on the thread that completes the call's
 * stage; they must be thread-safe and must not block (except {@link #acquire()} while the pattern's
 * configuration allows a wait). A minimal gate, one that rejects every third call:
 *
 * <pre>{@code
 * final class EveryThird extends Gate<Object, MyListener> {
 *     private final AtomicLong calls = new AtomicLong();
 *
 *     EveryThird() {
 *         super(new ListenerList<>(MyListener.class), MyListener::events);
 *     }
 *
 *     public String name() { return "every-third"; }
 *
 *     protected Object acquire() {
 *         if (calls.incrementAndGet() % 3 == 0) {
 *             throw new MyRejection(name());
 *         }
 *         return this; // a permit; nothing to remember per call
 *     }
 * }
 * }</pre>
 *
 * @param <P> the permit type
 * @param <L> the pattern's listener type
 * @since 0.1.0
 */
public abstract class Gate<P, L> implements Policy {

    // How run() invokes its target; a constant at each entry point, so that each inlines to a direct call.
    private static final int CHAIN = 0;
    private static final int SUPPLIER = 1;
    private static final int CALLABLE = 2;
    private static final int RUNNABLE = 3;
    private static final int FUNCTION = 4;

    private final ListenerList<L> listeners;
    private final Function<? super EventConsumer, ? extends L> events;

    /**
     * @param listeners the pattern's listeners (shared between gates when several share them, as the keys of a
     *        keyed rate limiter do)
     * @param events turns an {@link EventConsumer} into a listener, for {@link #onEvent}
     */
    protected Gate(ListenerList<L> listeners, Function<? super EventConsumer, ? extends L> events) {
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.events = Objects.requireNonNull(events, "events");
    }

    // ------------------------------------------------------------------------------------------------- hooks

    /**
     * Admits one synchronous call, or rejects it.
     *
     * @return the call's permit; {@code null} to admit it unobserved (no other hook runs for it)
     * @throws RuntimeException the pattern's rejection; the call does not run, nothing is released
     */
    protected abstract P acquire();

    /**
     * Admits one asynchronous call without blocking, or rejects it; by default {@link #acquire()}.
     *
     * @return the call's permit, {@code null} to admit it unobserved, or a {@link Deferral}: the call waits,
     *         and {@link #enqueue} receives it
     * @throws RuntimeException the pattern's rejection, which becomes the returned stage's failure
     */
    protected Object acquireAsync() {
        return acquire();
    }

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

    // ----------------------------------------------------------------------------------------- synchronous

    @Override
    @SuppressWarnings("unchecked")
    public final <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        return (T) run(CHAIN, call, next);
    }

    /** {@link #execute} for a plain supplier, calling it directly (no adapter, nothing allocated). */
    @Override
    @SuppressWarnings("unchecked")
    public final <T> T executeSupplier(Supplier<T> supplier) {
        try {
            return (T) run(SUPPLIER, supplier, null);
        } catch (Throwable t) {
            throw Exceptions.rethrow(t);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public final <T> T executeCallable(Callable<T> callable) throws Exception {
        try {
            return (T) run(CALLABLE, callable, null);
        } catch (Throwable t) {
            throw Exceptions.rethrow(t);
        }
    }

    @Override
    public final void executeRunnable(Runnable runnable) {
        try {
            run(RUNNABLE, runnable, null);
        } catch (Throwable t) {
            throw Exceptions.rethrow(t);
        }
    }

    /** Each application of the returned function goes through the gate; adapted once, nothing per call. */
    @Override
    public final <T, R> Function<T, R> decorateFunction(Function<T, R> function) {
        Objects.requireNonNull(function, "function");
        return input -> apply(function, input);
    }

    @SuppressWarnings("unchecked")
    private <T, R> R apply(Function<T, R> function, T input) {
        try {
            return (R) run(FUNCTION, function, input);
        } catch (Throwable t) {
            throw Exceptions.rethrow(t);
        }
    }

    private Object run(int kind, Object target, Object argument) throws Throwable {
        P permit = acquire();
        if (permit == null) {
            return invoke(kind, target, argument);
        }
        long start = clock();
        Object result;
        try {
            result = invoke(kind, target, argument);
        } catch (Throwable failure) {
            throw failed(permit, start, failure);
        }
        succeeded(permit, start, result);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object invoke(int kind, Object target, Object argument) throws Throwable {
        switch (kind) {
            case CHAIN:
                return ((Chain) argument).proceed((CheckedSupplier<?>) target);
            case SUPPLIER:
                return ((Supplier<?>) target).get();
            case CALLABLE:
                return ((Callable<?>) target).call();
            case RUNNABLE:
                ((Runnable) target).run();
                return null;
            default:
                return ((Function<Object, ?>) target).apply(argument);
        }
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
            GateCall<P, T> waiting = new GateCall<>(this, call, next, deferral);
            try {
                enqueue(waiting, deferral);
            } catch (Throwable failure) {
                if (waiting.stopWaiting()) {
                    waiting.completeExceptionally(failure);
                }
            }
            return waiting;
        }
        GateCall<P, T> admitted = new GateCall<>(this, call, next, (P) admission);
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
