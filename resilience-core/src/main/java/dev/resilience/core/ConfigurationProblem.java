package dev.resilience.core;

/**
 * What {@link InvalidConfigurationException} (a value wrong on its own) and
 * {@link ConflictingConfigurationException} (values that do not fit together) tell: the one property to change,
 * in the kebab-case form of {@code application.yml}, its value and what it must satisfy, so that the Spring Boot
 * starter can report the full path ({@code resilience.retry.instances.backend.max-attempts}) the same way for
 * both.
 *
 * @since 0.2.0
 */
public interface ConfigurationProblem {

    /** The property, its value and the requirement. */
    Details details();

    /** The kebab-case property to change, for example {@code failure-rate-threshold}. */
    default String property() {
        return details().property();
    }

    /** Its value. */
    default Object value() {
        return details().value();
    }

    /** What it must satisfy, for example {@code must be greater than 0 and at most 100}. */
    default String requirement() {
        return details().requirement();
    }

    /** The message with {@code prefix} before the property name, e.g. the YAML path of the instance. */
    default String messageWithPrefix(String prefix) {
        return details().message(prefix);
    }

    /**
     * The facts of one problem.
     *
     * @param property the kebab-case property name
     * @param value its value (may be {@code null})
     * @param requirement what it must satisfy, naming other settings in single quotes
     */
    record Details(String property, Object value, String requirement) {

        /** {@code Invalid '<prefix><property>' (<value>): <requirement>}. */
        public String message(String prefix) {
            return "Invalid '" + prefix + property + "' (" + value + "): " + requirement;
        }
    }
}
