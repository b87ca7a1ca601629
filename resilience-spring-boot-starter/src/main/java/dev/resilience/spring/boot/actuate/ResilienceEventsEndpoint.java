package dev.resilience.spring.boot.actuate;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.resilience.core.event.ResilienceEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code resilienceevents} actuator endpoint: the recent events of every pattern instance, from a
 * {@link ResilienceEventBuffer}.
 *
 * <ul>
 *   <li>{@code GET /actuator/resilienceevents}: {@code {"events": [...]}}, the buffered events of every
 *       instance, newest last;
 *   <li>{@code GET /actuator/resilienceevents/{name}}: those of the instances called {@code name} (of every
 *       pattern: a breaker and a retry often share a name), newest last; 404 when no instance has that name.
 * </ul>
 * Each event has {@code pattern} (the YAML key: {@code circuit-breaker}, {@code retry}, ...), {@code name},
 * {@code type} (e.g. {@code STATE_TRANSITION}), {@code time} (ISO-8601) and {@code details}. See
 * {@link ResilienceEventBuffer} for which events are recorded: successful calls are not.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
@Endpoint(id = "resilienceevents")
public class ResilienceEventsEndpoint {

    private final ResilienceEventBuffer buffer;

    /** An endpoint reading {@code buffer}. */
    public ResilienceEventsEndpoint(ResilienceEventBuffer buffer) {
        this.buffer = Objects.requireNonNull(buffer, "buffer");
    }

    /** Every buffered event, newest last. */
    @ReadOperation
    public EventsDescriptor events() {
        return EventsDescriptor.of(buffer.events());
    }

    /** The events of the instances called {@code name}, newest last, or {@code null} (a 404) for an unknown name. */
    @ReadOperation
    public @Nullable EventsDescriptor eventsOf(@Selector String name) {
        if (!buffer.isKnown(name)) {
            return null;
        }
        return EventsDescriptor.of(buffer.events(name));
    }

    /** A list of events, newest last. */
    public record EventsDescriptor(List<EventDescriptor> events) implements OperationResponseBody {

        static EventsDescriptor of(List<ResilienceEvent> events) {
            return new EventsDescriptor(events.stream().map(EventDescriptor::of).toList());
        }
    }

    /**
     * One event.
     *
     * @param pattern the pattern key, as in YAML: {@code circuit-breaker}, {@code retry}, {@code bulkhead},
     *        {@code thread-pool-bulkhead}, {@code rate-limiter}, {@code timeout}, {@code fallback}
     * @param name the instance name ({@code SimpleClassName#method} for a fallback)
     * @param type the event type, upper case, e.g. {@code STATE_TRANSITION}, {@code NOT_PERMITTED}
     * @param time when it happened, ISO-8601, by the instance's clock
     * @param details further facts, e.g. {@code fromState} and {@code toState}; durations are ISO-8601
     */
    public record EventDescriptor(String pattern, String name, String type, String time,
            Map<String, Object> details) {

        static EventDescriptor of(ResilienceEvent event) {
            return new EventDescriptor(event.pattern(), event.name(), event.type(), event.time().toString(),
                    event.details());
        }
    }
}
