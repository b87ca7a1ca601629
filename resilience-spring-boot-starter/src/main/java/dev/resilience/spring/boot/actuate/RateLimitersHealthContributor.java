package dev.resilience.spring.boot.actuate;

import java.util.Objects;
import java.util.stream.Stream;

import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.spring.boot.autoconfigure.RateLimiterHealthSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

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
public class RateLimitersHealthContributor implements CompositeHealthContributor {

    private final RateLimiterRegistry registry;

    private final RateLimiterHealthSettings settings;

    /** The limiters of {@code registry}, listed and allowed to fail as {@code settings} says per name. */
    public RateLimitersHealthContributor(RateLimiterRegistry registry, RateLimiterHealthSettings settings) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The indicator of the limiter {@code name}; {@code null} if it does not exist or is not listed. */
    @Override
    public @Nullable HealthContributor getContributor(String name) {
        return registry.find(name).filter(limiter -> settings.registerHealthIndicator(name))
                .map(this::indicator).orElse(null);
    }

    /** One indicator per listed limiter, by name, in name order. */
    @Override
    public Stream<Entry> stream() {
        return registry.all().stream().filter(limiter -> settings.registerHealthIndicator(limiter.name()))
                .map(limiter -> new Entry(limiter.name(), indicator(limiter)));
    }

    private HealthIndicator indicator(RateLimiter limiter) {
        return () -> health(limiter, settings.allowHealthIndicatorToFail(limiter.name()));
    }

    /** The health of one limiter: {@code DOWN} when {@code allowToFail} and no permission is left, else {@code UP}. */
    public static Health health(RateLimiter limiter, boolean allowToFail) {
        RateLimiter.Metrics metrics = limiter.metrics();
        int available = metrics.availablePermissions();
        Health.Builder builder = allowToFail && available < 1 ? Health.down() : Health.up();
        return builder.withDetail("availablePermissions", available)
                .withDetail("numberOfWaitingThreads", metrics.numberOfWaitingThreads())
                .withDetail("limitForPeriod", limiter.config().limitForPeriod())
                .withDetail("limitRefreshPeriod", limiter.config().limitRefreshPeriod().toString())
                .withDetail("timeoutDuration", limiter.config().timeoutDuration().toString())
                .build();
    }
}
