package dev.resilience.core.event;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to one pattern instance: a state transition, a rejected call, a retry.
 *
 * <p>Event objects are only built for subscribers that asked for objects (for example the actuator's event
 * buffer). The patterns notify their own typed listeners with primitive arguments first, so metrics and the
 * hot path never pay for an event object nobody reads.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ResilienceEvent {

    private final String pattern;
    private final String name;
    private final String type;
    private final Instant time;
    private final Map<String, Object> details;

    /**
     * @param pattern the pattern key, as in configuration: {@code circuit-breaker}, {@code retry}, ...
     * @param name the instance name
     * @param type the event type in upper case, for example {@code STATE_TRANSITION}
     * @param time when it happened
     * @param details further facts, in a stable order (for example {@code fromState}, {@code toState})
     */
    public ResilienceEvent(String pattern, String name, String type, Instant time, Map<String, ?> details) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.time = Objects.requireNonNull(time, "time");
        this.details = details.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The pattern key: {@code circuit-breaker}, {@code retry}, {@code bulkhead}, {@code rate-limiter}, ... */
    public String pattern() {
        return pattern;
    }

    /** The instance name. */
    public String name() {
        return name;
    }

    /** The event type in upper case, for example {@code STATE_TRANSITION} or {@code NOT_PERMITTED}. */
    public String type() {
        return type;
    }

    /** When it happened, from the instance's clock. */
    public Instant time() {
        return time;
    }

    /** Further facts about the event, in a stable order; empty when there are none. */
    public Map<String, Object> details() {
        return details;
    }

    @Override
    public String toString() {
        return time + " " + pattern + " '" + name + "' " + type + (details.isEmpty() ? "" : " " + details);
    }
}
