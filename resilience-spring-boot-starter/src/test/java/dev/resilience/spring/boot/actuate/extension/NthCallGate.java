package dev.resilience.spring.boot.actuate.extension;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.core.registry.DefaultRegistry;

/**
 * A test-only pattern that no main source knows of: a gate that permits calls and rejects every
 * {@code every}-th one. Just enough of a pattern (instance, config, listener, registry, event adapter) to show
 * what the starter's observability gives a pattern declared only by its descriptor bean.
 */
public final class NthCallGate implements PatternInstance<NthCallGate.Config, NthCallGate.Listener> {

    /** The pattern key, as its events carry it. */
    static final String KEY = "nth-call-gate";

    private final String name;
    private volatile Config config;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    NthCallGate(String name, Config config) {
        this.name = name;
        this.config = config;
    }

    /** Whether the next call may run; every {@code every}-th is rejected. */
    public boolean tryPass() {
        long call = calls.incrementAndGet();
        if (call % config.every() == 0) {
            rejected.incrementAndGet();
            listeners.forEach(listener -> listener.onRejected(this, call));
            return false;
        }
        listeners.forEach(listener -> listener.onPermitted(this));
        return true;
    }

    long calls() {
        return calls.get();
    }

    long rejected() {
        return rejected.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean removeListener(Listener listener) {
        return listeners.remove(listener);
    }

    @Override
    public Listener onEvent(EventConsumer consumer) {
        Listener listener = Listener.events(consumer);
        addListener(listener);
        return listener;
    }

    public record Config(int every) {
    }

    public interface Listener {

        default void onPermitted(NthCallGate gate) {
        }

        default void onRejected(NthCallGate gate, long call) {
        }

        /** The events of a gate: {@code PERMITTED} (routine) and {@code REJECTED} with the call's number. */
        static Listener events(EventConsumer consumer) {
            boolean routine = consumer.routineEvents();
            return new Listener() {
                @Override
                public void onPermitted(NthCallGate gate) {
                    if (routine) {
                        consumer.onEvent(new ResilienceEvent(KEY, gate.name(), "PERMITTED",
                                Clock.systemUTC().instant(), Map.of()));
                    }
                }

                @Override
                public void onRejected(NthCallGate gate, long call) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("call", call);
                    consumer.onEvent(new ResilienceEvent(KEY, gate.name(), "REJECTED", Clock.systemUTC().instant(),
                            details));
                }
            };
        }
    }

    public static final class Registry extends DefaultRegistry<NthCallGate, Config, Listener> {

        public Registry(Config defaultConfig) {
            super(KEY, defaultConfig, NthCallGate::new, (instance, config) -> instance.config = config);
        }
    }
}
