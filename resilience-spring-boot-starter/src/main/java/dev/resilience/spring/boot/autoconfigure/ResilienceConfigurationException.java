package dev.resilience.spring.boot.autoconfigure;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The {@code resilience.*} configuration cannot work: a value out of range, an unknown {@code base-config},
 * configs inheriting from each other in a cycle, an exception class that does not exist, a bad
 * {@code aspect-order}, or a customizer that produced an invalid configuration. Thrown while the registries
 * are created, so the application does not start; {@link ResilienceFailureAnalyzer} turns it into Spring
 * Boot's "APPLICATION FAILED TO START" report with a description and an action.
 *
 * @since 0.1.0
 */
public class ResilienceConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String action;

    private final @Nullable String property;

    /**
     * @param description what is wrong, naming the full property path
     * @param action what to do about it
     * @param property the full path of the offending property, when one property is at fault
     * @param detail the underlying failure (the core builder's exception, a {@code ClassNotFoundException}),
     *        if any; kept as a suppressed exception rather than the cause, so that this exception, whose
     *        message says everything, is the root cause Spring Boot reports
     */
    public ResilienceConfigurationException(String description, String action, @Nullable String property,
            @Nullable Throwable detail) {
        super(Objects.requireNonNull(description, "description"));
        this.action = Objects.requireNonNull(action, "action");
        this.property = property;
        if (detail != null) {
            addSuppressed(detail);
        }
    }

    /** What to do about it. */
    public String action() {
        return action;
    }

    /**
     * The full path of the offending property, for example
     * {@code resilience.circuit-breaker.instances.backend.failure-rate-threshold}; {@code null} when the
     * failure is not about a single property.
     */
    public @Nullable String property() {
        return property;
    }
}
