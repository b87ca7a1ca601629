package dev.resilience.core.event;

import java.lang.reflect.Array;
import java.util.Objects;

/**
 * A copy-on-write list of listeners, read on every call and written rarely. {@link #get()} returns the
 * current array without copying, so notifying "nobody" costs one volatile read and a zero-length loop.
 *
 * <p>Listener methods are called through {@link #failed(Object, Throwable)} guards by the patterns: a
 * listener that throws is reported and never breaks the protected call.
 *
 * <p>Thread-safe.
 *
 * @param <L> the listener type
 * @since 0.1.0
 */
public final class ListenerList<L> {

    private static final System.Logger LOGGER = System.getLogger(ListenerList.class.getName());

    private final L[] empty;
    private volatile L[] listeners;

    @SuppressWarnings("unchecked")
    public ListenerList(Class<L> type) {
        this.empty = (L[]) Array.newInstance(type, 0);
        this.listeners = empty;
    }

    /** The current listeners; never {@code null}, never to be modified. */
    public L[] get() {
        return listeners;
    }

    /** {@code true} when nobody listens. */
    public boolean isEmpty() {
        return listeners.length == 0;
    }

    /** Adds {@code listener}; adding the same listener twice notifies it twice. */
    public synchronized void add(L listener) {
        Objects.requireNonNull(listener, "listener");
        L[] current = listeners;
        L[] next = java.util.Arrays.copyOf(current, current.length + 1);
        next[current.length] = listener;
        listeners = next;
    }

    /** Removes one registration of {@code listener}; returns whether it was registered. */
    public synchronized boolean remove(L listener) {
        L[] current = listeners;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == listener) {
                if (current.length == 1) {
                    listeners = empty;
                } else {
                    L[] next = java.util.Arrays.copyOf(current, current.length - 1);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    listeners = next;
                }
                return true;
            }
        }
        return false;
    }

    /** Removes every listener. */
    public synchronized void clear() {
        listeners = empty;
    }

    /**
     * Reports a listener that threw. Listeners run inside the protected call's path, so their failures are
     * logged (through {@link System.Logger}, which Spring Boot routes to its logging system) and swallowed.
     */
    public static void failed(Object listener, Throwable failure) {
        LOGGER.log(System.Logger.Level.WARNING, () -> "Listener " + listener + " threw; the call goes on", failure);
    }
}
