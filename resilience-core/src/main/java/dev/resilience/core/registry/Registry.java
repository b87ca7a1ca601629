package dev.resilience.core.registry;

import dev.resilience.core.event.EventConsumer;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Named instances of one pattern, created on first use and shared afterwards: the same name always returns
 * the same instance, and so the same state.
 *
 * <p>Configurations are named too. The one named {@value #DEFAULT_CONFIG} applies to every instance that has
 * no configuration of its own; {@link #configureInstance} gives one instance name its own configuration.
 *
 * <p>Thread-safe.
 *
 * @param <E> the instance type
 * @param <C> the configuration type
 * @param <L> the type of listener that can be added to every instance at once
 * @since 0.1.0
 */
public interface Registry<E, C, L> {

    /** The name of the configuration used when nothing else is configured. */
    String DEFAULT_CONFIG = "default";

    /**
     * The instance called {@code name}, created on first use with the configuration given to
     * {@link #configureInstance} for that name, or else the default configuration.
     */
    E get(String name);

    /** The instance called {@code name}, created on first use with {@code config}. */
    E get(String name, C config);

    /**
     * The instance called {@code name}, created on first use with the shared configuration
     * {@code configName}.
     *
     * @throws IllegalArgumentException when no configuration has that name
     */
    E get(String name, String configName);

    /** The instance called {@code name} if it exists; never creates one. */
    Optional<E> find(String name);

    /** All instances, ordered by name. */
    List<E> all();

    /** Removes and returns the instance called {@code name}, if any. */
    Optional<E> remove(String name);

    /** Puts {@code instance} under its name, replacing any previous one. */
    Optional<E> replace(String name, E instance);

    /** Adds or replaces the shared configuration {@code configName}; {@value #DEFAULT_CONFIG} replaces the default. */
    void addConfig(String configName, C config);

    /** The shared configuration {@code configName}, if any. */
    Optional<C> config(String configName);

    /** The default configuration. */
    C defaultConfig();

    /** All shared configurations by name, the default included. */
    Map<String, C> configs();

    /**
     * Gives the instance {@code name} its own configuration. If the instance exists it is reconfigured in
     * place, keeping its state and listeners; otherwise it is created with {@code config} on first use.
     */
    void configureInstance(String name, C config);

    /** Adds {@code listener} to every instance, now and created later. */
    void addListener(L listener);

    /** Removes a listener added with {@link #addListener} from every instance. */
    void removeListener(L listener);

    /**
     * Registers {@code consumer} on every instance, now and created later, as each instance's
     * {@code onEvent(consumer)} does: one {@link dev.resilience.core.event.ResilienceEvent} per notification,
     * whatever the pattern. Registering the same consumer twice has no further effect.
     *
     * @since 0.2.0
     */
    void onEvent(EventConsumer consumer);

    /**
     * Stops the deliveries to {@code consumer} that {@link #onEvent} started, on every instance.
     *
     * @return whether it was registered
     * @since 0.2.0
     */
    boolean removeEventConsumer(EventConsumer consumer);

    /** Follows instances being added, replaced and removed. */
    void addRegistryListener(RegistryListener<? super E> listener);
}
