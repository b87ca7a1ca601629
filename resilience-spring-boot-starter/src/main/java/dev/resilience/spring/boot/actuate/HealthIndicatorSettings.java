package dev.resilience.spring.boot.actuate;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * The two health settings every pattern with a health contributor has, {@code register-health-indicator} and
 * {@code allow-health-indicator-to-fail}, as the instance of a given name sees them (its own value, else the
 * one it inherits through {@code base-config} and the {@code default} config, else the pattern's default).
 * Each is a function of the instance name, called whenever the health is read.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public abstract class HealthIndicatorSettings {

    private final Predicate<String> registerHealthIndicator;

    private final Predicate<String> allowHealthIndicatorToFail;

    /**
     * @throws NullPointerException when an argument is {@code null}
     */
    protected HealthIndicatorSettings(Predicate<String> registerHealthIndicator,
            Predicate<String> allowHealthIndicatorToFail) {
        this.registerHealthIndicator = Objects.requireNonNull(registerHealthIndicator, "registerHealthIndicator");
        this.allowHealthIndicatorToFail = Objects.requireNonNull(allowHealthIndicatorToFail,
                "allowHealthIndicatorToFail");
    }

    /** {@code register-health-indicator} of the instance {@code name}: whether the contributor lists it. */
    public boolean registerHealthIndicator(String name) {
        return registerHealthIndicator.test(name);
    }

    /**
     * {@code allow-health-indicator-to-fail} of the instance {@code name}: whether it turns health DOWN while
     * it fails.
     */
    public boolean allowHealthIndicatorToFail(String name) {
        return allowHealthIndicatorToFail.test(name);
    }
}
