package dev.resilience.spring.boot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.spring.boot.actuate.CircuitBreakerHealthSettings;

import org.springframework.boot.health.contributor.Health;

/**
 * The health of the circuit breakers: one indicator per breaker whose {@code register-health-indicator} is
 * true (the default), named after the breaker, so that {@code /actuator/health/resilience} lists them and
 * {@code /actuator/health/resilience/{name}} shows one (and health groups can include one).
 *
 * <p>A breaker's status is {@code DOWN} only while it is {@code OPEN} or {@code FORCED_OPEN} <em>and</em> its
 * {@code allow-health-indicator-to-fail} is true; otherwise {@code UP}, {@code HALF_OPEN} included. So by
 * default an open breaker, which is the application protecting itself, never takes the application out of a
 * load balancer. The details show the state and the window's figures.
 *
 * <p>The breakers are read from the registry at each health request: breakers created after start-up (at
 * first use) appear, removed ones disappear, and the settings are read anew (a refresh applies). Without any
 * listed breaker the composite is empty, which Spring Boot leaves out of the health response.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public class CircuitBreakersHealthContributor extends PatternHealthContributor<CircuitBreaker> {

    /** The name of the circuit breakers' contributor. */
    public static final String NAME = "resilience";

    /**
     * The breakers of {@code registry}, listed and allowed to fail as {@code settings} says per name (read at
     * each health request).
     */
    public CircuitBreakersHealthContributor(CircuitBreakerRegistry registry, CircuitBreakerHealthSettings settings) {
        super(registry, health(settings));
    }

    /**
     * The health facet of circuit breakers under {@code settings}: failing while OPEN or FORCED_OPEN; details
     * {@code state}, {@code failureRate}, {@code slowCallRate} (percent, -1 before
     * {@code minimum-number-of-calls}), {@code failureRateThreshold}, {@code slowCallRateThreshold},
     * {@code bufferedCalls}, {@code failedCalls}, {@code slowCalls}, {@code notPermittedCalls}.
     */
    public static PatternHealth<CircuitBreaker> health(CircuitBreakerHealthSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new PatternHealth<>(NAME, settings::registerHealthIndicator, settings::allowHealthIndicatorToFail,
                breaker -> breaker.state().rejectsCalls(), CircuitBreakersHealthContributor::details);
    }

    private static Map<String, Object> details(CircuitBreaker breaker) {
        CircuitBreaker.Metrics metrics = breaker.metrics();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", breaker.state().name());
        details.put("failureRate", metrics.failureRate());
        details.put("slowCallRate", metrics.slowCallRate());
        details.put("failureRateThreshold", breaker.config().failureRateThreshold());
        details.put("slowCallRateThreshold", breaker.config().slowCallRateThreshold());
        details.put("bufferedCalls", metrics.bufferedCalls());
        details.put("failedCalls", metrics.failedCalls());
        details.put("slowCalls", metrics.slowCalls());
        details.put("notPermittedCalls", metrics.notPermittedCalls());
        return details;
    }

    /**
     * The health of one breaker: {@code DOWN} when {@code allowToFail} and it rejects calls (OPEN,
     * FORCED_OPEN), {@code UP} otherwise; the details of {@link #health(CircuitBreakerHealthSettings)}.
     */
    public static Health health(CircuitBreaker breaker, boolean allowToFail) {
        return health(health(CircuitBreakerHealthSettings.ofDefaults()), breaker, allowToFail);
    }
}
