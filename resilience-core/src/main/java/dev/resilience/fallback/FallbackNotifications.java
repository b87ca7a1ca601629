package dev.resilience.fallback;

import dev.resilience.core.event.ListenerList;
import dev.resilience.core.event.ListenerList.Notification;

/**
 * How every {@link Fallback} tells its listeners what happened, through the one guarded, allocation-free
 * {@link ListenerList#deliver}: core's fallback and the Spring integration's {@code @Fallback} layer use these,
 * so that a listener hears both the same way.
 *
 * @since 0.2.0
 */
public final class FallbackNotifications {

    private static final Notification<FallbackListener, Fallback<?>> RECOVERED =
            (listener, fallback, index, unused, failure) -> listener.onFallback(fallback, (int) index,
                    (Throwable) failure);

    private static final Notification<FallbackListener, Fallback<?>> ALL_FAILED =
            (listener, fallback, unused, unusedToo, original) -> listener.onFallbackFailed(fallback,
                    (Throwable) original);

    private FallbackNotifications() {
    }

    /** Handler (or fallback method) {@code index} produced the result that replaced {@code failure}. */
    public static void recovered(ListenerList<FallbackListener> listeners, Fallback<?> fallback, int index,
            Throwable failure) {
        listeners.deliver(RECOVERED, fallback, index, failure);
    }

    /** Every handler failed or declined: the caller gets {@code original}. */
    public static void allFailed(ListenerList<FallbackListener> listeners, Fallback<?> fallback, Throwable original) {
        listeners.deliver(ALL_FAILED, fallback, 0L, original);
    }
}
