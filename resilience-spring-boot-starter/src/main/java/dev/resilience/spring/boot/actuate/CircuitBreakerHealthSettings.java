package dev.resilience.spring.boot.actuate;

import java.util.function.Predicate;

/**
 * The two health settings of each circuit breaker, {@code register-health-indicator} and
 * {@code allow-health-indicator-to-fail}, as the breaker of a given name sees them: its own
 * {@code resilience.circuit-breaker.instances.<name>} value, else the one it inherits through
 * {@code base-config} and the {@code default} config, else the built-in default. A name the properties do not
 * mention sees the {@code default} config's values.
 *
 * <p>The bean ({@code circuitBreakerHealthSettings}) that {@link ResilienceAutoConfiguration} creates reads the
 * properties resolved last, so a runtime refresh ({@link ResilienceConfigurationRefresher}) applies at once.
 * Define a bean of this type to decide otherwise, for example with {@link #of(Predicate, Predicate)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class CircuitBreakerHealthSettings extends HealthIndicatorSettings {

    /** Default of {@code register-health-indicator}: every breaker is listed by the health contributor. */
    public static final boolean DEFAULT_REGISTER_HEALTH_INDICATOR = true;

    /** Default of {@code allow-health-indicator-to-fail}: an open breaker never turns health DOWN. */
    public static final boolean DEFAULT_ALLOW_HEALTH_INDICATOR_TO_FAIL = false;

    private static final CircuitBreakerHealthSettings DEFAULTS = of(
            name -> DEFAULT_REGISTER_HEALTH_INDICATOR, name -> DEFAULT_ALLOW_HEALTH_INDICATOR_TO_FAIL);

    private CircuitBreakerHealthSettings(Predicate<String> registerHealthIndicator,
            Predicate<String> allowHealthIndicatorToFail) {
        super(registerHealthIndicator, allowHealthIndicatorToFail);
    }

    /**
     * Settings given by two functions of the breaker name, each called whenever the health is read.
     *
     * @param registerHealthIndicator whether the breaker of a name is listed by the health contributor
     * @param allowHealthIndicatorToFail whether the breaker of a name turns health DOWN while OPEN or
     *        FORCED_OPEN
     * @throws NullPointerException when an argument is {@code null}
     */
    public static CircuitBreakerHealthSettings of(Predicate<String> registerHealthIndicator,
            Predicate<String> allowHealthIndicatorToFail) {
        return new CircuitBreakerHealthSettings(registerHealthIndicator, allowHealthIndicatorToFail);
    }

    /**
     * The built-in defaults for every name: {@value #DEFAULT_REGISTER_HEALTH_INDICATOR} and
     * {@value #DEFAULT_ALLOW_HEALTH_INDICATOR_TO_FAIL}.
     */
    public static CircuitBreakerHealthSettings ofDefaults() {
        return DEFAULTS;
    }
}
