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
public class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final transient Object value;
    private final String requirement;

    public InvalidConfigurationException(String property, Object value, String requirement) {
        super(message(property, value, requirement));
        this.property = property;
        this.value = value;
        this.requirement = requirement;
    }

    /** The kebab-case property name, for example {@code failure-rate-threshold}. */
    public String property() {
        return property;
    }

    /** The rejected value. */
    public Object value() {
        return value;
    }

    /** What the value must satisfy, for example {@code must be greater than 0 and at most 100}. */
    public String requirement() {
        return requirement;
    }

    /** The same message with {@code prefix} before the property name, e.g. the YAML path of the instance. */
    public String messageWithPrefix(String prefix) {
        return message(prefix + property, value, requirement);
    }

    private static String message(String property, Object value, String requirement) {
        return "Invalid '" + property + "' (" + value + "): " + requirement;
    }
}
