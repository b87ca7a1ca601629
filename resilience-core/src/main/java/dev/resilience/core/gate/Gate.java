package dev.resilience.core.gate;

import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Exceptions;
import dev.resilience.core.Policy;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;

import java.util.Objects;
import java.util.concurrent.Callable;
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
 *     EveryThird(String name) {
 *         super(name, new ListenerList<>(MyListener.class), MyListener::events);
 *     }
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
public abstract class Gate<P, L> extends AsyncGate<P, L> implements Policy {

    // How run() invokes its target; a constant at each entry point, so that each inlines to a direct call.
    private static final int CHAIN = 0;
    private static final int SUPPLIER = 1;
    private static final int CALLABLE = 2;
    private static final int RUNNABLE = 3;
    private static final int FUNCTION = 4;

    /**
     * @param name the instance name
     * @param listeners the pattern's listeners (shared between gates when several share them, as the keys of a
     *        keyed rate limiter do)
     * @param events turns an {@link EventConsumer} into a listener, for {@link #onEvent}
     */
    protected Gate(String name, ListenerList<L> listeners, Function<? super EventConsumer, ? extends L> events) {
        super(name, listeners, events);
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
    @Override
    protected Object acquireAsync() {
        return acquire();
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
}
