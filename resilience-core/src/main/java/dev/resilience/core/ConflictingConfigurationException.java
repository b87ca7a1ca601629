package dev.resilience.core;

/**
 * Settings that are each valid but do not fit together, such as an {@code exponential-max-wait-duration}
 * shorter than the {@code wait-duration} it caps. Thrown by a builder's {@code build()}; an
 * {@link IllegalStateException}, as conflicting builder state is, that still names the one property to change
 * in the kebab-case form of {@code application.yml}, so that the Spring Boot starter can report its full path
 * ({@code resilience.retry.instances.backend.exponential-max-wait-duration}) with what it must satisfy.
 *
 * <p>Message format: {@code Invalid 'exponential-max-wait-duration' (PT0.1S): must not be shorter than
 * 'wait-duration' (PT0.5S) when 'enable-exponential-backoff' is true}.
 *
 * @see InvalidConfigurationException for a value that is wrong on its own
 * @since 0.1.0
 */
public class ConflictingConfigurationException extends IllegalStateException implements ConfigurationProblem {

    private static final long serialVersionUID = 1L;

    private final transient Details details;

    /**
     * @param property the kebab-case name of the property to change, for example
     *        {@code exponential-max-wait-duration}
     * @param value its value
     * @param requirement what it must satisfy given the other settings, naming them in single quotes
     */
    public ConflictingConfigurationException(String property, Object value, String requirement) {
        this(new Details(property, value, requirement));
    }

    private ConflictingConfigurationException(Details details) {
        super(details.message(""));
        this.details = details;
    }

    @Override
    public Details details() {
        return details;
    }
}
