package dev.resilience.spring.boot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.spring.boot.actuate.RateLimiterHealthSettings;

import org.springframework.boot.health.contributor.Health;

/**
 * The health of the rate limiters that ask for it ({@code register-health-indicator: true}; rate limiters are
 * opt-in, as in resilience4j): one indicator per limiter, named after it, so that
 * {@code /actuator/health/resilienceRateLimiters} lists them and {@code /actuator/health/resilienceRateLimiters/{name}}
 * shows one.
 *
 * <p>A limiter's status is {@code DOWN} only while it has no permission left in the current period
 * <em>and</em> its {@code allow-health-indicator-to-fail} is true; otherwise {@code UP}: a limiter that
 * rejects is the application protecting itself, which should not take it out of a load balancer unless asked.
 * The details show {@code availablePermissions} (negative when waiting callers reserved later periods),
 * {@code numberOfWaitingThreads}, {@code limitForPeriod}, {@code limitRefreshPeriod} and
 * {@code timeoutDuration} (ISO-8601). Keyed limiters ({@code @RateLimit} with a key) are not listed: their
 * keys are unbounded.
 *
 * <p>Read from the registry at each health request, like {@link CircuitBreakersHealthContributor}. Thread-safe.
 *
 * @since 0.1.0
 */
public class RateLimitersHealthContributor extends PatternHealthContributor<RateLimiter> {

    /** The name of the rate limiters' contributor. */
    public static final String NAME = "resilienceRateLimiters";

    /** The limiters of {@code registry}, listed and allowed to fail as {@code settings} says per name. */
    public RateLimitersHealthContributor(RateLimiterRegistry registry, RateLimiterHealthSettings settings) {
        super(registry, health(settings));
    }

    /**
     * The health facet of rate limiters under {@code settings}: failing while no permission is left; details
     * {@code availablePermissions}, {@code numberOfWaitingThreads}, {@code limitForPeriod},
     * {@code limitRefreshPeriod} and {@code timeoutDuration}.
     */
    public static PatternHealth<RateLimiter> health(RateLimiterHealthSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new PatternHealth<>(NAME, settings::registerHealthIndicator, settings::allowHealthIndicatorToFail,
                limiter -> limiter.metrics().availablePermissions() < 1, RateLimitersHealthContributor::details);
    }

    private static Map<String, Object> details(RateLimiter limiter) {
        RateLimiter.Metrics metrics = limiter.metrics();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("availablePermissions", metrics.availablePermissions());
        details.put("numberOfWaitingThreads", metrics.numberOfWaitingThreads());
        details.put("limitForPeriod", limiter.config().limitForPeriod());
        details.put("limitRefreshPeriod", limiter.config().limitRefreshPeriod().toString());
        details.put("timeoutDuration", limiter.config().timeoutDuration().toString());
        return details;
    }

    /** The health of one limiter: {@code DOWN} when {@code allowToFail} and no permission is left, else {@code UP}. */
    public static Health health(RateLimiter limiter, boolean allowToFail) {
        return health(health(RateLimiterHealthSettings.ofDefaults()), limiter, allowToFail);
    }
}
