package dev.resilience.store;

import dev.resilience.circuitbreaker.spi.Permits;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The trial permits of one HALF_OPEN period of a shared breaker: taken from the store (one bounded round trip
 * per trial call; there are only a few per half-open period), so the whole fleet admits at most the permitted
 * number. While the store is unreachable they come from a local set of the same size, as an in-memory breaker
 * would have (with {@link OutagePolicy#FAIL_CLOSED}: none).
 */
final class SharedPermits implements Permits {

    private final SharedCircuitBreakerStore owner;
    final int permitted;
    private final Permits local;
    private final AtomicInteger takenHere = new AtomicInteger();
    /** The remote epoch of the HALF_OPEN period; set once, before the period is published. */
    volatile long epoch = SharedWindow.UNBOUND;

    SharedPermits(SharedCircuitBreakerStore owner, int permitted, Permits local) {
        this.owner = owner;
        this.permitted = permitted;
        this.local = local;
    }

    void bindIfUnbound(long remoteEpoch) {
        if (epoch == SharedWindow.UNBOUND) {
            epoch = remoteEpoch;
        }
    }

    @Override
    public boolean tryAcquire() {
        SharedStore shared = owner.shared;
        long e = epoch;
        if (!shared.degraded && e != SharedWindow.UNBOUND) {
            try {
                boolean granted = shared.await(() -> shared.backend.acquireTrialPermit(owner.name, e, permitted));
                if (granted) {
                    takenHere.incrementAndGet();
                }
                return granted;
            } catch (StoreUnavailable unavailable) {
                // Degraded now: fall through to the local permits.
            }
        }
        return !shared.failClosed && local.tryAcquire();
    }

    @Override
    public void release() {
        SharedStore shared = owner.shared;
        long e = epoch;
        if (!shared.degraded && e != SharedWindow.UNBOUND) {
            takenHere.decrementAndGet();
            shared.fireAndForget(() -> shared.backend.releaseTrialPermit(owner.name, e));
        } else {
            local.release();
        }
    }

    /** An estimate: the permits not taken by this instance (the store knows the fleet's). */
    @Override
    public int available() {
        return owner.shared.degraded ? local.available() : Math.max(0, permitted - takenHere.get());
    }

    @Override
    public String toString() {
        return "SharedPermits[" + permitted + ", epoch=" + (epoch == SharedWindow.UNBOUND ? "unbound" : epoch) + "]";
    }
}
