package dev.resilience.core.event;

/**
 * Receives {@link ResilienceEvent} objects. Registering one makes the instance build an event object for
 * each event; the patterns' typed listeners avoid that cost when only counts or durations are needed.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EventConsumer {

    void onEvent(ResilienceEvent event);
}
