package dev.resilience.spring.boot.pattern;

import dev.resilience.core.Pipeline;
import java.util.Map;

import dev.resilience.annotation.RateLimit;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.ratelimiter.spi.RateLimiterStore;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.internal.Level;
import dev.resilience.spring.boot.autoconfigure.internal.PatternMapping;
import dev.resilience.spring.boot.autoconfigure.properties.RateLimiterProperties;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.PropertyMapper;

/**
 * The rate limiters shared by every call: {@code @RateLimit(name)} without a {@code key}, {@code resilience.rate-limiter}, the {@code RateLimiterRegistry} bean, {@code /actuator/resilience/rate-limiters}. A {@code @RateLimit} with a {@code key} is the {@link KeyedRateLimiterDescriptor}'s.
 *
 * @since 0.2.0
 */
public final class RateLimiterDescriptor extends NamedInstanceDescriptor<RateLimit, RateLimiter, RateLimiterListener> {

    /** The pattern key, {@value}. */
    public static final String KEY = "rate-limiter";

    /** The default place in the order of composition: {@value}. */
    public static final int POSITION = Pipeline.defaultPosition(KEY);

    /** How {@code resilience.rate-limiter} becomes RateLimiter configurations, from {@code ResilienceProperties}. */
    public static final PatternConfiguration<RateLimiterConfig, RateLimiterConfig.Builder, RateLimiterProperties>
            CONFIGURATION = PatternConfiguration.builtIn(new PatternMapping<>(KEY,
                    RateLimiterProperties::new, RateLimiterConfig::ofDefaults, RateLimiterConfig::from, RateLimiterConfig.Builder::build,
                    RateLimiterDescriptor::map), RateLimiterProperties.class,
                    ResilienceProperties::getRateLimiter);

    private static final Map<String, String> UNKNOWN_KEY_ADVICE = Map.ofEntries(
            Map.entry("writable-stack-trace-enabled", "not a YAML key here; set it in Java with a RateLimiterConfigCustomizer bean, for"
                    + " example RateLimiterConfigCustomizer.of(\"name\", builder ->"
                    + " builder.writableStackTraceEnabled(true))"),
            Map.entry("subscribe-for-events", "not needed here: events are built only for the listeners and event consumers that exist"),
            Map.entry("drain-permissions-on-result", "not available here"));

    /** @param beanFactory where the {@code RateLimiterRegistry} bean is looked up, when first needed */
    public RateLimiterDescriptor(BeanFactory beanFactory) {
        super(new Spec<>(KEY, POSITION, RateLimit.class, RateLimit::name,
                RateLimiter.class, RateLimiterListener.class, RateLimiterRegistry.class, RateLimiterListener::events, CONFIGURATION, "rate-limiters",
                UNKNOWN_KEY_ADVICE), beanFactory);
    }

    /** A {@code @RateLimit} without a {@code key}: one limiter shared by every call. */
    @Override
    protected boolean selects(RateLimit annotation) {
        return annotation.key().isBlank();
    }

    /** Applies one level's non-null settings (unset ones are inherited from the parent level). */
    private static void map(RateLimiterProperties settings, RateLimiterConfig.Builder builder,
            Level<RateLimiterProperties, RateLimiterConfig> level) {
        PropertyMapper map = PropertyMapper.get();
        map.from(settings::getLimitForPeriod).to(builder::limitForPeriod);
        map.from(settings::getLimitRefreshPeriod).to(builder::limitRefreshPeriod);
        map.from(settings::getTimeoutDuration).to(builder::timeoutDuration);
        map.from(settings::getMaxKeys).to(builder::maxKeys);
        map.from(settings::getWritableStackTraceEnabled).to(builder::writableStackTraceEnabled);
        map.from(settings::getStore).to(store -> builder.storeFactory(store == RateLimiterProperties.Store.MEMORY
                ? RateLimiterStore.inMemory() : level.stores().require(store.name()).rateLimiterStores()));
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
                beans.getBeanProvider(dev.resilience.spring.boot.actuate.RateLimiterHealthSettings.class)
                        .getIfAvailable(dev.resilience.spring.boot.actuate.RateLimiterHealthSettings::ofDefaults));
    }
}
