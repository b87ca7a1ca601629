package dev.resilience.core.internal;

import dev.resilience.core.InvalidConfigurationException;

import java.time.Duration;

/**
 * Argument checks for configuration builders. Every failure is an {@link InvalidConfigurationException}
 * naming the kebab-case property, the value and the rule. Internal: not part of the public API.
 */
public final class Checks {

    private Checks() {
    }

    public static int atLeast(String property, int value, int min) {
        if (value < min) {
            throw new InvalidConfigurationException(property, value, "must be at least " + min);
        }
        return value;
    }

    public static long atLeast(String property, long value, long min) {
        if (value < min) {
            throw new InvalidConfigurationException(property, value, "must be at least " + min);
        }
        return value;
    }

    public static int between(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidConfigurationException(property, value, "must be between " + min + " and " + max);
        }
        return value;
    }

    /** {@code min < value <= max}: for percentages such as failure-rate-threshold. */
    public static float aboveAndAtMost(String property, float value, float min, float max) {
        if (!(value > min && value <= max)) {
            throw new InvalidConfigurationException(property, value,
                    "must be greater than " + format(min) + " and at most " + format(max));
        }
        return value;
    }

    /** {@code min <= value <= max}. */
    public static double between(String property, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new InvalidConfigurationException(property, value,
                    "must be between " + format(min) + " and " + format(max));
        }
        return value;
    }

    /** {@code value > min}. */
    public static double above(String property, double value, double min) {
        if (!(value > min)) {
            throw new InvalidConfigurationException(property, value, "must be greater than " + format(min));
        }
        return value;
    }

    public static Duration notNegative(String property, Duration value) {
        notNull(property, value);
        if (value.isNegative()) {
            throw new InvalidConfigurationException(property, value, "must not be negative");
        }
        return value;
    }

    public static Duration positive(String property, Duration value) {
        notNull(property, value);
        if (value.isNegative() || value.isZero()) {
            throw new InvalidConfigurationException(property, value, "must be greater than zero");
        }
        return value;
    }

    public static <T> T notNull(String property, T value) {
        if (value == null) {
            throw new InvalidConfigurationException(property, null, "must not be null");
        }
        return value;
    }

    private static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
