package dev.resilience.spring.boot.pattern;

import java.util.Map;

import dev.resilience.annotation.RateLimit;
import dev.resilience.core.Policy;
import dev.resilience.core.registry.Registry;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.spring.aop.AnnotationLayers;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;

/**
 * The keyed rate limiters: {@code @RateLimit(name, key = "#userId")}, one limit per key value. A descriptor of
 * its own because its instances, its registry view ({@code KeyedRateLimiterRegistry}), its endpoint entry
 * ({@code /actuator/resilience/keyed-rate-limiters}) and its meters are; but it shares the rate limiter's
 * place in the order ({@code rate-limiter}), its configuration ({@code resilience.rate-limiter}, so
 * {@link #configuration()} is {@code null}) and its listeners (the rate limiter registry passes its
 * listeners on to the keyed limiters).
 *
 * @since 0.2.0
 */
public final class KeyedRateLimiterDescriptor
        extends NamedInstanceDescriptor<RateLimit, KeyedRateLimiter, RateLimiterListener> {

    /** The key of this descriptor, {@value}; it is configured under {@code resilience.rate-limiter}. */
    public static final String KEY = "keyed-rate-limiter";

    /** @param beanFactory where the {@code KeyedRateLimiterRegistry} bean is looked up, when first needed */
    public KeyedRateLimiterDescriptor(BeanFactory beanFactory) {
        super(new Spec<>(KEY, RateLimiterDescriptor.POSITION, RateLimit.class, RateLimit::name, KeyedRateLimiter.class,
                RateLimiterListener.class, KeyedRateLimiterRegistry.class, RateLimiterListener::events, null,
                "keyed-rate-limiters", Map.of()), beanFactory);
    }

    @Override
    public String orderKey() {
        return RateLimiterDescriptor.KEY;
    }

    /** Its layers are {@code rate-limiter} layers. */
    @Override
    public String layerKey() {
        return RateLimiterDescriptor.KEY;
    }

    /** A {@code @RateLimit} with a {@code key}. */
    @Override
    protected boolean selects(RateLimit annotation) {
        return !annotation.key().isBlank();
    }

    /** Its instances are configured as the rate limiter's, {@code resilience.rate-limiter.instances}. */
    @Override
    protected String configurationKey() {
        return RateLimiterDescriptor.KEY;
    }

    @Override
    protected @Nullable Policy layer(RateLimit annotation, String name, AnnotatedMethod method) {
        KeyedRateLimiter limiter = (KeyedRateLimiter) requireRegistry().get(name);
        return AnnotationLayers.keyedRateLimit(name, limiter::limiterFor, annotation.key(), method);
    }

    /** The keyed view of the rate limiter registry unless the application defines its own. */
    @Override
    public @Nullable Registry<KeyedRateLimiter, ?, RateLimiterListener> registry() {
        KeyedRateLimiterRegistry own = beanFactory().getBeanProvider(KeyedRateLimiterRegistry.class).getIfUnique();
        if (own != null) {
            return own;
        }
        RateLimiterRegistry limiters = beanFactory().getBeanProvider(RateLimiterRegistry.class).getIfUnique();
        return limiters == null ? null : limiters.keyedLimiters();
    }

    @Override
    protected Registry<KeyedRateLimiter, ?, RateLimiterListener> requireRegistry() {
        return beanFactory().getBeanProvider(KeyedRateLimiterRegistry.class)
                .getIfAvailable(() -> beanFactory().getBean(RateLimiterRegistry.class).keyedLimiters());
    }

    // ----------------------------------------------------------------------- observability facets (observability)

    @Override
    public int endpointPosition() {
        return 60;
    }

    @Override
    public Object describe(dev.resilience.ratelimiter.KeyedRateLimiter instance) {
        return dev.resilience.spring.boot.actuate.ResilienceEndpoint.KeyedRateLimiterDescriptor.of(instance);
    }

    @Override
    public dev.resilience.spring.boot.metrics.InstanceMeterBinder<dev.resilience.ratelimiter.KeyedRateLimiter> meterBinder() {
        return dev.resilience.spring.boot.metrics.KeyedRateLimiterMetrics.INSTANCE_METERS;
    }

    @Override
    public RateLimiterListener logListener(org.apache.commons.logging.Log log) {
        return new dev.resilience.spring.boot.logging.RateLimiterLogger(log);
    }

    /** The rate limiter registry's listeners reach the keyed limiters; their events are rate limiter events. */
    @Override
    public String listenedThrough() {
        return RateLimiterDescriptor.KEY;
    }
}
