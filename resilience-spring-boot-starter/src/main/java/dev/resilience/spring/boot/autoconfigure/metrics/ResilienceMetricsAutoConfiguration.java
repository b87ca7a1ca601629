package dev.resilience.spring.boot.autoconfigure.metrics;

import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.metrics.BulkheadMetrics;
import dev.resilience.spring.boot.metrics.CircuitBreakerMetrics;
import dev.resilience.spring.boot.metrics.FallbackMetrics;
import dev.resilience.spring.boot.metrics.KeyedRateLimiterMetrics;
import dev.resilience.spring.boot.metrics.RateLimiterMetrics;
import dev.resilience.spring.boot.metrics.RetryMetrics;
import dev.resilience.spring.boot.metrics.ThreadPoolBulkheadMetrics;
import dev.resilience.spring.boot.metrics.TimeoutMetrics;
import dev.resilience.timeout.TimeoutRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for every resilience pattern, when a {@link MeterRegistry} bean exists: the meters of the
 * contract ({@code resilience.circuitbreaker.*}, {@code resilience.retry.calls}, {@code resilience.bulkhead.*},
 * {@code resilience.ratelimiter.*}, {@code resilience.timeout.calls}, {@code resilience.fallback.calls}), each
 * tagged {@code name} = the instance name.
 *
 * <p>Beans: one {@link io.micrometer.core.instrument.binder.MeterBinder} per registry bean present
 * ({@link CircuitBreakerMetrics}, {@link RetryMetrics}, {@link BulkheadMetrics},
 * {@link ThreadPoolBulkheadMetrics}, {@link RateLimiterMetrics}, {@link KeyedRateLimiterMetrics},
 * {@link TimeoutMetrics}), which Spring Boot binds to the meter registry; they follow their registry, so
 * instances created after start-up get meters and removed instances lose them. And {@link FallbackMetrics},
 * the {@code FallbackObserver} that the annotation support notifies. Each backs off when the application
 * defines a bean of its type.
 *
 * <p>Switched off with {@code resilience.metrics.enabled=false} (default {@code true}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = {ResilienceAutoConfiguration.class, MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class})
@ConditionalOnClass({MeterRegistry.class, MetricsAutoConfiguration.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "resilience.metrics.enabled", matchIfMissing = true)
public final class ResilienceMetricsAutoConfiguration {

    @Bean
    @ConditionalOnBean(CircuitBreakerRegistry.class)
    @ConditionalOnMissingBean
    CircuitBreakerMetrics resilienceCircuitBreakerMetrics(CircuitBreakerRegistry registry) {
        return new CircuitBreakerMetrics(registry);
    }

    @Bean
    @ConditionalOnBean(RetryRegistry.class)
    @ConditionalOnMissingBean
    RetryMetrics resilienceRetryMetrics(RetryRegistry registry) {
        return new RetryMetrics(registry);
    }

    @Bean
    @ConditionalOnBean(BulkheadRegistry.class)
    @ConditionalOnMissingBean
    BulkheadMetrics resilienceBulkheadMetrics(BulkheadRegistry registry) {
        return new BulkheadMetrics(registry);
    }

    @Bean
    @ConditionalOnBean(ThreadPoolBulkheadRegistry.class)
    @ConditionalOnMissingBean
    ThreadPoolBulkheadMetrics resilienceThreadPoolBulkheadMetrics(ThreadPoolBulkheadRegistry registry) {
        return new ThreadPoolBulkheadMetrics(registry);
    }

    @Bean
    @ConditionalOnBean(RateLimiterRegistry.class)
    @ConditionalOnMissingBean
    RateLimiterMetrics resilienceRateLimiterMetrics(RateLimiterRegistry registry) {
        return new RateLimiterMetrics(registry);
    }

    @Bean
    @ConditionalOnBean(KeyedRateLimiterRegistry.class)
    @ConditionalOnMissingBean
    KeyedRateLimiterMetrics resilienceKeyedRateLimiterMetrics(KeyedRateLimiterRegistry registry) {
        return new KeyedRateLimiterMetrics(registry);
    }

    @Bean
    @ConditionalOnBean(TimeoutRegistry.class)
    @ConditionalOnMissingBean
    TimeoutMetrics resilienceTimeoutMetrics(TimeoutRegistry registry) {
        return new TimeoutMetrics(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    FallbackMetrics resilienceFallbackMetrics(MeterRegistry registry) {
        return new FallbackMetrics(registry);
    }
}
