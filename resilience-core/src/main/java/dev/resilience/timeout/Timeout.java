package dev.resilience.timeout;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.Policy;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.timeout.internal.DefaultTimeout;

/**
 * Bounds how long a call may take.
 *
 * <p><b>Asynchronous calls</b> ({@link #executeCompletionStage}, {@link #executeAsync}): the returned stage
 * completes exceptionally with a {@link TimeoutExceededException} when {@code timeout-duration} runs out,
 * from a task on the configured scheduler that is cancelled when the call completes first. No thread waits.
 * With {@code cancel-running-future} the call's own stage is then cancelled
 * ({@code toCompletableFuture().cancel(true)}, when the stage supports it). Cancelling the returned stage
 * cancels the call's stage too, under the same setting.
 *
 * <p><b>Synchronous calls</b> ({@link #executeSupplier}, {@link #executeCallable}, {@link #execute}, ...) run
 * where {@code mode} says ({@link TimeoutConfig.Mode}):
 * <ul>
 *   <li>{@code caller} (the default): on the caller's own thread, so the call sees everything bound to it (a
 *       transaction, a request or security context, MDC, any {@code ThreadLocal}). One shared timer thread
 *       interrupts the caller at the deadline when {@code cancel-running-future} is set; the caller gets a
 *       {@link TimeoutExceededException} (its cause: what the call threw on being interrupted) once the call
 *       returns, and the interrupt the timer delivered is cleared first, so the caller's interrupt flag is as
 *       it would be without the timeout. A call that finishes after the deadline, or ignores the interrupt,
 *       gets the {@code TimeoutExceededException} too, when it returns. An interrupt from anyone else is never
 *       cleared.
 *   <li>{@code worker}: on a worker thread (see {@link TimeoutConfig.Builder#executor}) while the caller waits
 *       up to the timeout. On expiry the caller gets a {@link TimeoutExceededException} at once and, with
 *       {@code cancel-running-future}, the worker is interrupted: a call that ignores interrupts is abandoned.
 *       If the waiting caller is interrupted, the call is cancelled (the worker interrupted under the same
 *       setting), the caller's interrupt flag is set again and a
 *       {@link java.util.concurrent.CancellationException} (cause: the {@link InterruptedException}) is thrown.
 *       Because the call runs on another thread, the caller's {@code ThreadLocal}s are not visible to it;
 *       {@link TimeoutConfig.Builder#taskDecorator} is the hook to carry them over.
 * </ul>
 * In both modes the call's own exceptions reach the caller unchanged.
 *
 * <p><b>Zero</b> {@code timeout-duration}: every call times out at once and is never started.
 *
 * <p><b>Deadlines</b>: inside an active {@link Deadline} (see {@link Deadline#run}) a call waits at most
 * {@code min(timeout-duration, deadline.remaining())}, and what a timeout runs sees the resulting deadline as
 * {@linkplain Deadline#current() current} (on the worker thread too, in worker mode). So nested timeouts share
 * one budget and an inner one never waits past an outer one. Asynchronous calls compute this once, at start.
 *
 * <p>Thread-safe.
 *
 * @see TimeoutConfig
 * @see Deadline
 * @since 0.1.0
 */
public interface Timeout extends Policy, PatternInstance<TimeoutConfig, TimeoutListener> {

    /** A timeout named {@code name} with {@code config}. */
    static Timeout of(String name, TimeoutConfig config) {
        return new DefaultTimeout(name, config);
    }

    /** A timeout named {@code name} with {@link TimeoutConfig#ofDefaults()} (1 s, cancel running future). */
    static Timeout ofDefaults(String name) {
        return of(name, TimeoutConfig.ofDefaults());
    }

    /** The current configuration. */
    TimeoutConfig config();

    /**
     * Replaces the configuration in place: listeners stay; calls that start afterwards use {@code config},
     * calls in progress keep the one they started with.
     */
    void reconfigure(TimeoutConfig config);

    /** Adds a listener; adding one twice notifies it twice. */
    void addListener(TimeoutListener listener);

    /** Removes one registration of {@code listener}; returns whether it was registered. */
    boolean removeListener(TimeoutListener listener);

    /**
     * Registers a listener that turns each call outcome into a {@link dev.resilience.core.event.ResilienceEvent}
     * (pattern {@code timeout}, types {@code SUCCESS}, {@code ERROR}, {@code TIMEOUT}) for {@code consumer}, and
     * returns it so it can be removed with {@link #removeListener}.
     */
    TimeoutListener onEvent(EventConsumer consumer);
}
