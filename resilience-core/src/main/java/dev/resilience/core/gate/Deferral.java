package dev.resilience.core.gate;

/**
 * What {@link Gate#acquireAsync()} returns for an asynchronous call that must wait for its permit (a bulkhead's
 * queue, a rate limiter's next period). The gate then receives the waiting call in
 * {@link Gate#enqueue(GateCall, Deferral)}, together with this object, which carries whatever the gate decided
 * about the wait (its delay, its timer, the caller's context); the call itself never blocks a thread.
 *
 * @since 0.1.0
 */
public interface Deferral {

    /** A deferral that carries nothing: the gate keeps the waiting calls in its own queue. */
    Deferral QUEUED = new Deferral() {
        @Override
        public String toString() {
            return "Deferral.QUEUED";
        }
    };
}
