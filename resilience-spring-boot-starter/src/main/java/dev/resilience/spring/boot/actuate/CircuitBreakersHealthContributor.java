package dev.resilience.spring.boot.actuate;

import java.util.Objects;
import java.util.stream.Stream;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.spring.boot.autoconfigure.CircuitBreakerHealthSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

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
public class CircuitBreakersHealthContributor implements CompositeHealthContributor {

    private final CircuitBreakerRegistry registry;

    private final CircuitBreakerHealthSettings settings;

    /**
     * The breakers of {@code registry}, listed and allowed to fail as {@code settings} says per name (read at
     * each health request).
     */
    public CircuitBreakersHealthContributor(CircuitBreakerRegistry registry, CircuitBreakerHealthSettings settings) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The indicator of the breaker {@code name}; {@code null} if it does not exist or is not listed. */
    @Override
    public @Nullable HealthContributor getContributor(String name) {
        return registry.find(name).filter(breaker -> settings.registerHealthIndicator(name))
                .map(this::indicator).orElse(null);
    }

    /** One indicator per listed breaker, by name, in name order. */
    @Override
    public Stream<Entry> stream() {
        return registry.all().stream().filter(breaker -> settings.registerHealthIndicator(breaker.name()))
                .map(breaker -> new Entry(breaker.name(), indicator(breaker)));
    }

    private HealthIndicator indicator(CircuitBreaker breaker) {
        return () -> health(breaker, settings.allowHealthIndicatorToFail(breaker.name()));
    }

    /**
     * The health of one breaker: {@code DOWN} when {@code allowToFail} and it rejects calls (OPEN,
     * FORCED_OPEN), {@code UP} otherwise; details {@code state}, {@code failureRate}, {@code slowCallRate}
     * (percent, -1 before {@code minimum-number-of-calls}), {@code failureRateThreshold},
     * {@code slowCallRateThreshold}, {@code bufferedCalls}, {@code failedCalls}, {@code slowCalls},
     * {@code notPermittedCalls}.
     */
    public static Health health(CircuitBreaker breaker, boolean allowToFail) {
        CircuitBreaker.State state = breaker.state();
        CircuitBreaker.Metrics metrics = breaker.metrics();
        Health.Builder builder = allowToFail && state.rejectsCalls() ? Health.down() : Health.up();
        return builder.withDetail("state", state.name())
                .withDetail("failureRate", metrics.failureRate())
                .withDetail("slowCallRate", metrics.slowCallRate())
                .withDetail("failureRateThreshold", breaker.config().failureRateThreshold())
                .withDetail("slowCallRateThreshold", breaker.config().slowCallRateThreshold())
                .withDetail("bufferedCalls", metrics.bufferedCalls())
                .withDetail("failedCalls", metrics.failedCalls())
                .withDetail("slowCalls", metrics.slowCalls())
                .withDetail("notPermittedCalls", metrics.notPermittedCalls())
                .build();
    }
}
