/**
 * The template of the patterns that admit or reject a call and learn its outcome (circuit breaker, bulkhead,
 * rate limiter, and any pattern written the same way: a load shedder, an adaptive limit, a feature toggle, a
 * chaos gate). A pattern extends {@link dev.resilience.core.gate.Gate} and writes only its decisions, as hooks:
 * {@code acquire} (a permit, or a rejection), {@code onSuccess} / {@code onFailure} with the call's duration,
 * {@code onCancelled} and {@code release}. The gate writes, once for all of them, the synchronous path (allocating
 * nothing for a successful call), the asynchronous path ({@link java.util.concurrent.CompletionStage}), the
 * cancellation of the returned stage, what an {@link java.lang.Error} of the call does (the permit comes back,
 * the error reaches the caller) and the listener plumbing (through
 * {@link dev.resilience.core.event.ListenerList#deliver}, which no listener can break).
 *
 * <p>A pattern that admits calls only asynchronously (a thread-pool bulkhead) extends
 * {@link dev.resilience.core.gate.AsyncGate}, the asynchronous half, and so is an
 * {@link dev.resilience.core.AsyncPolicy} without a synchronous path. An asynchronous call that must wait for its
 * permit is deferred ({@link dev.resilience.core.gate.Deferral}); {@link dev.resilience.core.gate.ScheduledDeferral}
 * is the wait that ends, or the start that comes, on a scheduler. Each asynchronous call is a
 * {@link dev.resilience.core.gate.GateCall}, which settles it exactly once.
 *
 * <p>A pattern that <em>wraps</em> a call instead (retry, timeout, fallback) implements
 * {@link dev.resilience.core.Policy#execute} itself.
 *
 * @since 0.1.0
 */
package dev.resilience.core.gate;
