package dev.resilience.spring.boot.extension;

import java.util.concurrent.atomic.AtomicLong;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.event.ListenerList;
import dev.resilience.core.gate.Gate;

/**
 * A gate that counts the calls it sees and rejects every {@code n}th one, written on core's public gate template:
 * it supplies only the acquire hook (admit, or reject before the call runs), and {@link Gate} writes the
 * synchronous and asynchronous paths, cancellation, {@code Error}s and the guarded listener notification.
 * Thread-safe.
 */
public final class EveryNthGate extends Gate<Object, EveryNthListener>
        implements PatternInstance<EveryNthConfig, EveryNthListener> {

    private static final ListenerList.Notification<EveryNthListener, EveryNthGate> PERMITTED =
            (listener, gate, call, unused, none) -> listener.onPermitted(gate, call);

    private static final ListenerList.Notification<EveryNthListener, EveryNthGate> REJECTED =
            (listener, gate, call, unused, none) -> listener.onRejected(gate, call);

    private volatile EveryNthConfig config;
    private final AtomicLong calls = new AtomicLong();

    EveryNthGate(String name, EveryNthConfig config) {
        super(name, new ListenerList<>(EveryNthListener.class), EveryNthListener::events);
        this.config = config;
    }

    @Override
    public EveryNthConfig config() {
        return config;
    }

    void reconfigure(EveryNthConfig config) {
        this.config = config;
    }

    /** The calls seen so far, rejected ones included. */
    public long calls() {
        return calls.get();
    }

    /** No permit to hold: an admitted call runs unobserved (so nothing is allocated for it). */
    @Override
    protected Object acquire() {
        long call = calls.incrementAndGet();
        if (call % config.n() == 0) {
            listeners().deliver(REJECTED, this, call);
            throw new EveryNthRejectedException(name(), call);
        }
        listeners().deliver(PERMITTED, this, call);
        return null;
    }

    @Override
    public String toString() {
        return "EveryNth[" + name() + ", n=" + config.n() + "]";
    }
}
