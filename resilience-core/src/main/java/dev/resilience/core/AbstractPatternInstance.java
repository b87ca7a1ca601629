package dev.resilience.core;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;

import java.util.Objects;
import java.util.function.Function;

/**
 * The {@link PatternInstance} part that every pattern implementation shares, written once: the name, the
 * configuration in force (replaced atomically by a reconfiguration) and the listeners, notified through the
 * one guarded {@link ListenerList#deliver}. A pattern extends it, passes how an {@link EventConsumer} becomes
 * one of its listeners, and calls {@code listeners.deliver(...)} where something happens.
 *
 * <p>Thread-safe.
 *
 * @param <C> the configuration type
 * @param <L> the listener type
 * @since 0.2.0
 */
public abstract class AbstractPatternInstance<C, L> implements PatternInstance<C, L> {

    /** The listeners; deliver to them with {@link ListenerList#deliver}, which guards each one. */
    protected final ListenerList<L> listeners;
    private final String name;
    private final Function<? super EventConsumer, ? extends L> events;
    private volatile C config;

    /**
     * An instance.
     *
     * @param name the instance name
     * @param config the configuration in force at first
     * @param listenerType the listener interface (its array type backs the listener list)
     * @param events turns an event consumer into a listener, for {@link #onEvent}
     */
    protected AbstractPatternInstance(String name, C config, Class<L> listenerType,
            Function<? super EventConsumer, ? extends L> events) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.listeners = new ListenerList<>(listenerType);
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final C config() {
        return config;
    }

    /** Puts {@code config} in force for the calls that start from now on. */
    protected final void replaceConfig(C config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public final void addListener(L listener) {
        listeners.add(listener);
    }

    @Override
    public final boolean removeListener(L listener) {
        return listeners.remove(listener);
    }

    @Override
    public final L onEvent(EventConsumer consumer) {
        L adapter = events.apply(Objects.requireNonNull(consumer, "consumer"));
        listeners.add(adapter);
        return adapter;
    }
}
