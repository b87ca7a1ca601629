package dev.resilience.store;

/**
 * Thrown inside the shared-store machinery when the backend did not answer in time or failed: the caller falls
 * back to local state. Never leaves this package. Carries no stack trace: it is a signal, and a store outage
 * can make it frequent for a moment.
 */
final class StoreUnavailable extends Exception {

    private static final long serialVersionUID = 1L;

    static final StoreUnavailable INSTANCE = new StoreUnavailable();

    private StoreUnavailable() {
        super("shared store unavailable", null, false, false);
    }
}
