package dev.resilience.core;

import dev.resilience.core.event.EventConsumer;

/**
 * What every named pattern instance offers besides running calls: its name, its configuration and its
 * listeners. The Spring integration, the events endpoint and logging treat every pattern through this one
 * interface, so a new pattern needs no code of theirs.
 *
 * <p>Listeners are notified on the thread that produced the notification; a listener that throws (even an
 * {@link Error}) never changes the outcome of the call and never stops the other listeners.
 *
 * @param <C> the configuration type
 * @param <L> the listener type
 * @since 0.2.0
 */
public interface PatternInstance<C, L> {

    /** The instance name, as configured (for example {@code resilience.retry.instances.<name>}). */
    String name();

    /** The configuration in force; immutable. */
    C config();

    /** Adds a listener; adding the same one twice notifies it twice. */
    void addListener(L listener);

    /**
     * Removes one registration of {@code listener}.
     *
     * @return whether it was registered
     */
    boolean removeListener(L listener);

    /**
     * Registers {@code consumer} to receive one {@link dev.resilience.core.event.ResilienceEvent} per
     * notification (its {@code pattern} is the pattern key, for example {@code circuit-breaker}).
     *
     * @return the listener that was added, to pass to {@link #removeListener} later
     */
    L onEvent(EventConsumer consumer);
}
