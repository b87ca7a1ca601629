package dev.resilience.spring.boot.actuate;

import java.util.function.Predicate;

/**
 * The two health settings of each rate limiter, {@code register-health-indicator} and
 * {@code allow-health-indicator-to-fail}, as the limiter of a given name sees them: its own
 * {@code resilience.rate-limiter.instances.<name>} value, else the one it inherits through {@code base-config}
 * and the {@code default} config, else the built-in default. Unlike circuit breakers, rate limiters are not
 * listed unless asked for (as in resilience4j).
 *
 * <p>The bean ({@code rateLimiterHealthSettings}) that {@link ResilienceAutoConfiguration} creates reads the
 * properties resolved last, so a runtime refresh applies at once. Define a bean of this type to decide
 * otherwise.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RateLimiterHealthSettings extends HealthIndicatorSettings {

    /** Default of {@code register-health-indicator} for rate limiters: not listed (opt-in). */
    public static final boolean DEFAULT_REGISTER_HEALTH_INDICATOR = false;

    /** Default of {@code allow-health-indicator-to-fail}: an exhausted limiter never turns health DOWN. */
    public static final boolean DEFAULT_ALLOW_HEALTH_INDICATOR_TO_FAIL = false;

    private static final RateLimiterHealthSettings DEFAULTS = of(
            name -> DEFAULT_REGISTER_HEALTH_INDICATOR, name -> DEFAULT_ALLOW_HEALTH_INDICATOR_TO_FAIL);

    private RateLimiterHealthSettings(Predicate<String> registerHealthIndicator,
            Predicate<String> allowHealthIndicatorToFail) {
        super(registerHealthIndicator, allowHealthIndicatorToFail);
    }

    /**
     * Settings given by two functions of the limiter name, each called whenever the health is read.
     *
     * @throws NullPointerException when an argument is {@code null}
     */
    public static RateLimiterHealthSettings of(Predicate<String> registerHealthIndicator,
            Predicate<String> allowHealthIndicatorToFail) {
        return new RateLimiterHealthSettings(registerHealthIndicator, allowHealthIndicatorToFail);
    }

    /** The built-in defaults for every name: not listed, never DOWN. */
    public static RateLimiterHealthSettings ofDefaults() {
        return DEFAULTS;
    }
}
