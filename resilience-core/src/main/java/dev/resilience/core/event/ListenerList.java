package dev.resilience.core.event;

import java.lang.reflect.Array;
import java.util.Objects;

/**
 * A copy-on-write list of listeners, read on every call and written rarely. {@link #get()} returns the
 * current array without copying, so notifying "nobody" costs one volatile read and a zero-length loop.
 *
 * <h2>Guarded notification</h2>
 * Every pattern notifies its listeners through {@link #deliver(Notification, Object, long, long, Object)} (or
 * its shorter forms), the one place that decides what a failing listener may do: nothing. Whatever a
 * listener throws &mdash; any {@link Throwable}, including a {@link VirtualMachineError} such as a
 * {@link StackOverflowError} or an {@link OutOfMemoryError} &mdash; is logged ({@link #failed}) and
 * swallowed; the remaining listeners are still notified, and the call's outcome and the pattern's state are
 * exactly what they would have been without that listener. Patterns notify only once their own bookkeeping
 * (permits, windows, state transitions) for the event is done, so a listener that fails or blocks can never
 * leave a decision untaken. A JVM that is really out of memory fails again at its next allocation, outside
 * the listener, where the error belongs.
 *
 * <p>A {@link Notification} is a non-capturing lambda held in a constant, so a notification allocates
 * nothing, whether or not anybody listens.
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
     * One listener callback, written as a non-capturing lambda kept in a constant, for example
     * {@code (listener, cb, duration, unused, none) -> listener.onSuccess(cb, duration)}. The argument shape
     * is the widest the patterns need (two numbers and one object); a callback uses what it needs and ignores
     * the rest, so that no argument is ever boxed or captured.
     *
     * @param <L> the listener type
     * @param <S> the type of the instance the listener hears about
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface Notification<L, S> {

        /** Calls one callback of {@code listener}; may throw anything, {@link ListenerList#deliver} guards it. */
        void call(L listener, S source, long first, long second, Object detail);
    }

    /** {@link #deliver(Notification, Object, long, long, Object)} for a callback without arguments. */
    public <S> void deliver(Notification<? super L, ? super S> notification, S source) {
        deliver(notification, source, 0L, 0L, null);
    }

    /** {@link #deliver(Notification, Object, long, long, Object)} for a callback with one number. */
    public <S> void deliver(Notification<? super L, ? super S> notification, S source, long first) {
        deliver(notification, source, first, 0L, null);
    }

    /** {@link #deliver(Notification, Object, long, long, Object)} for a callback with a number and an object. */
    public <S> void deliver(Notification<? super L, ? super S> notification, S source, long first, Object detail) {
        deliver(notification, source, first, 0L, detail);
    }

    /**
     * Delivers {@code notification} to every listener, in the order they were added, guarding each: a listener
     * that throws anything is {@linkplain #failed reported} and the next one is notified. Never throws.
     */
    public <S> void deliver(Notification<? super L, ? super S> notification, S source, long first, long second,
            Object detail) {
        L[] current = listeners;
        for (int i = 0; i < current.length; i++) {
            L listener = current[i];
            try {
                notification.call(listener, source, first, second, detail);
            } catch (Throwable failure) {
                failed(listener, failure);
            }
        }
    }

    /**
     * Reports a listener (or any observer a pattern calls: a registry listener, a metrics hook) that threw.
     * Such code runs inside the protected call's path, so its failure is logged (through
     * {@link System.Logger}, which Spring Boot routes to its logging system) and swallowed. Never throws, not
     * even when the logging itself fails (the stack or the heap may be exhausted): the call must go on.
     */
    public static void failed(Object listener, Throwable failure) {
        try {
            LOGGER.log(failure instanceof Error ? System.Logger.Level.ERROR : System.Logger.Level.WARNING,
                    () -> "Listener " + describe(listener) + " threw; the call goes on", failure);
        } catch (Throwable loggingFailed) {
            // Nothing more can be done without risking the call: the failure is dropped.
        }
    }

    private static String describe(Object listener) {
        try {
            return String.valueOf(listener);
        } catch (RuntimeException brokenToString) {
            return listener.getClass().getName();
        }
    }
}
