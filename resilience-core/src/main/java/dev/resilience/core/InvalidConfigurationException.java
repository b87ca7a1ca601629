package dev.resilience.core;

/**
 * A configuration value outside its allowed range. Names the property in the kebab-case form used in
 * {@code application.yml} ({@code failure-rate-threshold}), so that the Spring Boot starter can prefix the
 * full path ({@code resilience.circuit-breaker.instances.backend.failure-rate-threshold}).
 *
 * <p>Message format: {@code Invalid 'failure-rate-threshold' (150.0): must be greater than 0 and at most 100}.
 *
 * @since 0.1.0
 */
public class InvalidConfigurationException extends IllegalArgumentException implements ConfigurationProblem {

    private static final long serialVersionUID = 1L;

    private final transient Details details;

    /**
     * @param property the kebab-case name of the property, for example {@code failure-rate-threshold}
     * @param value the rejected value
     * @param requirement what the value must satisfy, for example {@code must be greater than 0 and at most 100}
     */
    public InvalidConfigurationException(String property, Object value, String requirement) {
        this(new Details(property, value, requirement));
    }

    private InvalidConfigurationException(Details details) {
        super(details.message(""));
        this.details = details;
    }

    @Override
    public Details details() {
        return details;
    }
}
