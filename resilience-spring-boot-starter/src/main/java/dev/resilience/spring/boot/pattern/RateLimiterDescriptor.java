package dev.resilience.spring.boot.pattern;

import dev.resilience.annotation.RateLimit;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.internal.Patterns;
import dev.resilience.spring.boot.autoconfigure.properties.RateLimiterProperties;

import org.springframework.beans.factory.BeanFactory;

/**
 * The rate limiters shared by every call: {@code @RateLimit(name)} without a {@code key}, {@code resilience.rate-limiter}, the {@code RateLimiterRegistry} bean, {@code /actuator/resilience/rate-limiters}. A {@code @RateLimit} with a {@code key} is the {@link KeyedRateLimiterDescriptor}'s.
 *
 * @since 0.2.0
 */
public final class RateLimiterDescriptor extends NamedInstanceDescriptor<RateLimit, RateLimiter, RateLimiterListener> {

    /** The pattern key, {@value}. */
    public static final String KEY = "rate-limiter";

    /** The default place in the order of composition: {@value}. */
    public static final int POSITION = 400;

    /** How {@code resilience.rate-limiter} becomes RateLimiter configurations, from {@code ResilienceProperties}. */
    public static final PatternConfiguration<RateLimiterConfig, RateLimiterConfig.Builder, RateLimiterProperties>
            CONFIGURATION = PatternConfiguration.builtIn(Patterns.RATE_LIMITER, RateLimiterProperties.class,
                    ResilienceProperties::getRateLimiter);

    /** @param beanFactory where the {@code RateLimiterRegistry} bean is looked up, when first needed */
    public RateLimiterDescriptor(BeanFactory beanFactory) {
        super(KEY, POSITION, RateLimit.class, RateLimit::name,
                RateLimiter.class, RateLimiterListener.class, RateLimiterRegistry.class, beanFactory);
    }

    /** A {@code @RateLimit} without a {@code key}: one limiter shared by every call. */
    @Override
    protected boolean selects(RateLimit annotation) {
        return annotation.key().isBlank();
    }

    @Override
    public RateLimiterListener eventListener(EventConsumer consumer) {
        return RateLimiterListener.events(consumer);
    }

    @Override
    public PatternConfiguration<RateLimiterConfig, RateLimiterConfig.Builder, RateLimiterProperties> configuration() {
        return CONFIGURATION;
    }

    @Override
    public String endpointSegment() {
        return "rate-limiters";
    }

    @Override
    public String endpointField() {
        return "rateLimiters";
    }

    // ----------------------------------------------------------------------- observability facets (observability)

    @Override
    public int endpointPosition() {
        return 50;
    }

    @Override
    public Object describe(dev.resilience.ratelimiter.RateLimiter instance) {
        return dev.resilience.spring.boot.actuate.ResilienceEndpoint.RateLimiterDescriptor.of(instance);
    }

    @Override
    public dev.resilience.spring.boot.metrics.InstanceMeterBinder<dev.resilience.ratelimiter.RateLimiter> meterBinder() {
        return dev.resilience.spring.boot.metrics.RateLimiterMetrics.INSTANCE_METERS;
    }

    @Override
    public RateLimiterListener logListener(org.apache.commons.logging.Log log) {
        return new dev.resilience.spring.boot.logging.RateLimiterLogger(log);
    }

    /** The {@code resilienceRateLimiters} contributor, by {@code register-health-indicator} (default false). */
    @Override
    public dev.resilience.spring.boot.actuate.PatternHealth<dev.resilience.ratelimiter.RateLimiter> health(org.springframework.beans.factory.BeanFactory beans) {
        return dev.resilience.spring.boot.actuate.RateLimitersHealthContributor.health(
                beans.getBeanProvider(dev.resilience.spring.boot.autoconfigure.RateLimiterHealthSettings.class)
                        .getIfAvailable(dev.resilience.spring.boot.autoconfigure.RateLimiterHealthSettings::ofDefaults));
    }
}
