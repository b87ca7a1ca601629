package dev.resilience.core.registry;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one {@link Registry} implementation, for every pattern: it is told how to create an instance and how to
 * reconfigure one in place; listeners are attached through {@link PatternInstance}, which every instance
 * implements. A pattern's registry interface ({@code CircuitBreakerRegistry}, {@code RetryRegistry}...) is this
 * class bound to the pattern's types, so a new pattern's registry is one constructor call:
 *
 * <pre>{@code
 * new DefaultRegistry<>("load-shedder", defaultConfig, LoadShedder::of, LoadShedder::reconfigure)
 * }</pre>
 *
 * <p>Instances that are {@link AutoCloseable} (a thread-pool bulkhead owns threads) are closed when they are
 * removed or replaced by another instance, and by {@link #close()}; a failure to close is logged, never thrown.
 *
 * <p>Registry listeners and event consumers are guarded: one that throws never stops the others or the
 * registry operation. Thread-safe.
 *
 * @param <E> the instance type
 * @param <C> the configuration type
 * @param <L> the instance listener type
 * @since 0.2.0
 */
public class DefaultRegistry<E extends PatternInstance<C, L>, C, L> implements Registry<E, C, L>, AutoCloseable {

    private final String pattern;
    private final BiFunction<String, C, E> factory;
    private final BiConsumer<E, C> reconfigure;
    private final ConcurrentMap<String, E> instances = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, C> configs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, C> instanceConfigs = new ConcurrentHashMap<>();
    private final List<L> listeners = new CopyOnWriteArrayList<>();
    private final List<RegistryListener<? super E>> registryListeners = new CopyOnWriteArrayList<>();
    /** Registry-wide event consumers, and the listener each instance made for each of them. */
    private final Map<EventConsumer, Map<E, L>> eventConsumers = new LinkedHashMap<>();

    /**
     * A registry of one pattern.
     *
     * @param pattern the pattern key, for example {@code circuit-breaker} (used in {@link #toString()})
     * @param defaultConfig the {@value Registry#DEFAULT_CONFIG} configuration
     * @param factory creates the instance of a name with a configuration; called at most once per name until
     *        that instance is removed
     * @param reconfigure applies a configuration to an existing instance, keeping its state and listeners
     *        ({@link #configureInstance}); an instance type that cannot change passes a hook that throws
     */
    public DefaultRegistry(String pattern, C defaultConfig, BiFunction<String, C, E> factory,
            BiConsumer<E, C> reconfigure) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.reconfigure = Objects.requireNonNull(reconfigure, "reconfigure");
        configs.put(DEFAULT_CONFIG, Objects.requireNonNull(defaultConfig, "defaultConfig"));
    }

    @Override
    public E get(String name) {
        return getOrCreate(name, n -> instanceConfigs.getOrDefault(n, defaultConfig()));
    }

    @Override
    public E get(String name, C config) {
        Objects.requireNonNull(config, "config");
        return getOrCreate(name, n -> config);
    }

    @Override
    public E get(String name, String configName) {
        C config = configs.get(configName);
        if (config == null) {
            throw new IllegalArgumentException("No configuration named '" + configName + "'; known: "
                    + configs.keySet().stream().sorted().toList());
        }
        return getOrCreate(name, n -> config);
    }

    private E getOrCreate(String name, Function<String, C> configFor) {
        Objects.requireNonNull(name, "name");
        E existing = instances.get(name);
        if (existing != null) {
            return existing;
        }
        boolean[] created = new boolean[1];
        E instance = instances.computeIfAbsent(name, n -> {
            created[0] = true;
            E fresh = factory.apply(n, configFor.apply(n));
            attachAll(fresh);
            return fresh;
        });
        if (created[0]) {
            tellRegistryListeners(null, instance);
        }
        return instance;
    }

    @Override
    public Optional<E> find(String name) {
        return Optional.ofNullable(instances.get(name));
    }

    @Override
    public List<E> all() {
        List<Map.Entry<String, E>> entries = new ArrayList<>(instances.entrySet());
        entries.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        List<E> result = new ArrayList<>(entries.size());
        for (Map.Entry<String, E> entry : entries) {
            result.add(entry.getValue());
        }
        return result;
    }

    @Override
    public Optional<E> remove(String name) {
        E removed = instances.remove(name);
        if (removed != null) {
            detachAll(removed);
            tellRegistryListeners(removed, null);
            closeIfCloseable(removed);
        }
        return Optional.ofNullable(removed);
    }

    @Override
    public Optional<E> replace(String name, E instance) {
        Objects.requireNonNull(instance, "instance");
        attachAll(instance);
        E previous = instances.put(name, instance);
        tellRegistryListeners(previous, instance);
        if (previous != null && previous != instance) {
            detachAll(previous);
            closeIfCloseable(previous);
        }
        return Optional.ofNullable(previous);
    }

    @Override
    public void addConfig(String configName, C config) {
        configs.put(Objects.requireNonNull(configName, "configName"), Objects.requireNonNull(config, "config"));
    }

    @Override
    public Optional<C> config(String configName) {
        return Optional.ofNullable(configs.get(configName));
    }

    @Override
    public C defaultConfig() {
        return configs.get(DEFAULT_CONFIG);
    }

    @Override
    public Map<String, C> configs() {
        return new LinkedHashMap<>(configs);
    }

    @Override
    public void configureInstance(String name, C config) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        instanceConfigs.put(name, config);
        E existing = instances.get(name);
        if (existing != null) {
            reconfigure.accept(existing, config);
        }
    }

    /** The configuration given to {@link #configureInstance} for {@code name}, if any. */
    public Optional<C> instanceConfig(String name) {
        return Optional.ofNullable(instanceConfigs.get(name));
    }

    @Override
    public void addListener(L listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        for (E instance : instances.values()) {
            instance.addListener(listener);
        }
    }

    @Override
    public void removeListener(L listener) {
        if (listeners.remove(listener)) {
            for (E instance : instances.values()) {
                instance.removeListener(listener);
            }
        }
    }

    @Override
    public void onEvent(EventConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        synchronized (eventConsumers) {
            Map<E, L> adapters = eventConsumers.computeIfAbsent(consumer, c -> new IdentityHashMap<>());
            for (E instance : instances.values()) {
                adapters.computeIfAbsent(instance, i -> i.onEvent(consumer));
            }
        }
    }

    @Override
    public boolean removeEventConsumer(EventConsumer consumer) {
        Map<E, L> adapters;
        synchronized (eventConsumers) {
            adapters = eventConsumers.remove(consumer);
        }
        if (adapters == null) {
            return false;
        }
        adapters.forEach(PatternInstance::removeListener);
        return true;
    }

    @Override
    public void addRegistryListener(RegistryListener<? super E> listener) {
        registryListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes every instance, closing those that are {@link AutoCloseable}. */
    @Override
    public void close() {
        for (E instance : all()) {
            remove(instance.name());
        }
    }

    private void attachAll(E instance) {
        for (L listener : listeners) {
            instance.addListener(listener);
        }
        synchronized (eventConsumers) {
            for (Map.Entry<EventConsumer, Map<E, L>> entry : eventConsumers.entrySet()) {
                entry.getValue().computeIfAbsent(instance, i -> i.onEvent(entry.getKey()));
            }
        }
    }

    private void detachAll(E instance) {
        for (L listener : listeners) {
            instance.removeListener(listener);
        }
        synchronized (eventConsumers) {
            for (Map<E, L> adapters : eventConsumers.values()) {
                L adapter = adapters.remove(instance);
                if (adapter != null) {
                    instance.removeListener(adapter);
                }
            }
        }
    }

    /** {@code previous == null}: added; {@code replacement == null}: removed; both: replaced. */
    private void tellRegistryListeners(E previous, E replacement) {
        for (RegistryListener<? super E> listener : registryListeners) {
            try {
                if (previous == null) {
                    listener.onAdded(replacement);
                } else if (replacement == null) {
                    listener.onRemoved(previous);
                } else {
                    listener.onReplaced(previous, replacement);
                }
            } catch (Throwable e) {
                ListenerList.failed(listener, e);
            }
        }
    }

    private static void closeIfCloseable(Object instance) {
        if (instance instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Throwable e) {
                ListenerList.failed(closeable, e);
            }
        }
    }

    @Override
    public String toString() {
        return pattern + "-registry" + all();
    }
}
