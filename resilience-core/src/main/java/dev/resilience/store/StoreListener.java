package dev.resilience.store;

/**
 * Told when a {@link SharedStore} becomes unreachable and when it answers again. Called on the store's own
 * thread, once per change (not per call), strictly in turn and in the order of the changes (an outage that
 * begins again while the store resynchronises after the last one continues it: no second "degraded");
 * implementations should be quick. A listener that throws is logged and ignored.
 *
 * @since 0.1.0
 */
public interface StoreListener {

    /**
     * The store stopped answering within its timeout (or failed): every instance on it now runs on local state
     * (or rejects, with {@link OutagePolicy#FAIL_CLOSED}) until it reconnects.
     *
     * @param store the store's description; {@link StoreInfo#isDegraded()} is already {@code true}
     * @param cause what went wrong
     */
    default void onDegraded(StoreInfo store, Throwable cause) {
    }

    /**
     * The store answers again: the instances re-read the shared state and share it again.
     *
     * @param store the store's description; {@link StoreInfo#isDegraded()} is already {@code false}
     * @param outageMillis how long the store was unreachable, in milliseconds
     */
    default void onRecovered(StoreInfo store, long outageMillis) {
    }
}
