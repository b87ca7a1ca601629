package dev.resilience.core.registry;

import dev.resilience.core.event.ListenerList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The registry mechanics every pattern shares; a pattern supplies how to create an instance, how to attach a
 * registry-wide listener to one, and how to reconfigure one in place.
 *
 * @param <E> the instance type
 * @param <C> the configuration type
 * @param <L> the registry-wide listener type
 * @since 0.1.0
 */
public abstract class AbstractRegistry<E, C, L> implements Registry<E, C, L> {

    private final ConcurrentMap<String, E> instances = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, C> configs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, C> instanceConfigs = new ConcurrentHashMap<>();
    private final List<L> listeners = new CopyOnWriteArrayList<>();
    private final List<RegistryListener<? super E>> registryListeners = new CopyOnWriteArrayList<>();

    protected AbstractRegistry(C defaultConfig) {
        configs.put(DEFAULT_CONFIG, Objects.requireNonNull(defaultConfig, "defaultConfig"));
    }

    /** Creates a new instance; called at most once per name until it is removed. */
    protected abstract E create(String name, C config);

    /** Adds a registry-wide listener to one instance. */
    protected abstract void attach(E instance, L listener);

    /** Removes a registry-wide listener from one instance. */
    protected abstract void detach(E instance, L listener);

    /** Applies {@code config} to an existing instance, keeping its state and listeners. */
    protected abstract void reconfigure(E instance, C config);

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
            E fresh = create(n, configFor.apply(n));
            for (L listener : listeners) {
                attach(fresh, listener);
            }
            return fresh;
        });
        if (created[0]) {
            for (RegistryListener<? super E> listener : registryListeners) {
                try {
                    listener.onAdded(instance);
                } catch (Throwable e) {
                    ListenerList.failed(listener, e);
                }
            }
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
            for (L listener : listeners) {
                detach(removed, listener);
            }
            for (RegistryListener<? super E> listener : registryListeners) {
                try {
                    listener.onRemoved(removed);
                } catch (Throwable e) {
                    ListenerList.failed(listener, e);
                }
            }
        }
        return Optional.ofNullable(removed);
    }

    @Override
    public Optional<E> replace(String name, E instance) {
        Objects.requireNonNull(instance, "instance");
        for (L listener : listeners) {
            attach(instance, listener);
        }
        E previous = instances.put(name, instance);
        for (RegistryListener<? super E> listener : registryListeners) {
            try {
                if (previous == null) {
                    listener.onAdded(instance);
                } else {
                    listener.onReplaced(previous, instance);
                }
            } catch (Throwable e) {
                ListenerList.failed(listener, e);
            }
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
            reconfigure(existing, config);
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
            attach(instance, listener);
        }
    }

    @Override
    public void removeListener(L listener) {
        if (listeners.remove(listener)) {
            for (E instance : instances.values()) {
                detach(instance, listener);
            }
        }
    }

    @Override
    public void addRegistryListener(RegistryListener<? super E> listener) {
        registryListeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
