package dev.resilience.core.event;

/**
 * Receives {@link ResilienceEvent} objects. Registering one makes the instance build an event object for
 * each event; the patterns' typed listeners avoid that cost when only counts or durations are needed.
 *
 * <p>Register one on an instance with its {@code onEvent(consumer)}, or on every instance of a registry with
 * {@code registry.addListener(XListener.events(consumer))}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EventConsumer {

    void onEvent(ResilienceEvent event);

    /**
     * Whether this consumer wants events for routine outcomes: a successful call (for a retry, one that
     * succeeded at its first attempt), a permitted or finished call. {@code true} by default. A consumer that
     * answers {@code false} gets only the events worth reading later — failures, rejections, retries,
     * timeouts, state transitions — and a routine call builds no event object at all, so following an
     * instance costs its successful calls nothing.
     */
    default boolean routineEvents() {
        return true;
    }
}
