package dev.resilience.spring.boot.extension;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.PatternInstance;
import dev.resilience.core.Policy;
import dev.resilience.core.Stages;
import dev.resilience.core.event.ListenerList;

/**
 * A gate that counts the calls it sees and rejects every {@code n}th one. It implements {@link Policy}
 * directly (admit, or reject before the call runs); once core has a shared gate template it would only
 * supply the acquire hook. Thread-safe.
 */
public final class EveryNthGate implements Policy, PatternInstance<EveryNthConfig, EveryNthListener> {

    private static final ListenerList.Notification<EveryNthListener, EveryNthGate> PERMITTED =
            (listener, gate, call, unused, none) -> listener.onPermitted(gate, call);

    private static final ListenerList.Notification<EveryNthListener, EveryNthGate> REJECTED =
            (listener, gate, call, unused, none) -> listener.onRejected(gate, call);

    private final String name;
    private volatile EveryNthConfig config;
    private final AtomicLong calls = new AtomicLong();
    private final ListenerList<EveryNthListener> listeners = new ListenerList<>(EveryNthListener.class);

    EveryNthGate(String name, EveryNthConfig config) {
        this.name = name;
        this.config = config;
    }

    @Override
    public String name() {
        return name;
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

    @Override
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        acquire();
        return next.proceed(call);
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        try {
            acquire();
        } catch (EveryNthRejectedException rejected) {
            return Stages.failed(rejected);
        }
        return next.proceed(call);
    }

    private void acquire() {
        long call = calls.incrementAndGet();
        if (call % config.n() == 0) {
            listeners.deliver(REJECTED, this, call);
            throw new EveryNthRejectedException(name, call);
        }
        listeners.deliver(PERMITTED, this, call);
    }

    @Override
    public void addListener(EveryNthListener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean removeListener(EveryNthListener listener) {
        return listeners.remove(listener);
    }

    @Override
    public EveryNthListener onEvent(dev.resilience.core.event.EventConsumer consumer) {
        EveryNthListener listener = EveryNthListener.events(consumer);
        addListener(listener);
        return listener;
    }

    @Override
    public String toString() {
        return "EveryNth[" + name + ", n=" + config.n() + "]";
    }
}
