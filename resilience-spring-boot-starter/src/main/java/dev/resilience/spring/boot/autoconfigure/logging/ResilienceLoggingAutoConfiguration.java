package dev.resilience.spring.boot.autoconfigure.logging;

import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.KeyedRateLimiterRegistry;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.logging.FallbackLogger;
import dev.resilience.spring.boot.logging.ResilienceLogging;
import dev.resilience.timeout.TimeoutRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Logs what the patterns do, one logger per pattern ({@code dev.resilience.circuitbreaker},
 * {@code dev.resilience.retry}, {@code dev.resilience.bulkhead}, {@code dev.resilience.ratelimiter},
 * {@code dev.resilience.timeout}, {@code dev.resilience.fallback}): state transitions at INFO, rejections at
 * DEBUG, nothing per successful call (see {@link ResilienceLogging}). Set the loggers' levels as usual, e.g.
 * {@code logging.level.dev.resilience.ratelimiter=debug}.
 *
 * <p>Beans: {@code resilienceLogging} ({@link ResilienceLogging}, attached to every registry bean present and
 * detached when the context closes) and {@code resilienceFallbackLogger} ({@link FallbackLogger}). Switched
 * off entirely with {@code resilience.logging.enabled=false} (default {@code true}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class)
@ConditionalOnClass(name = "org.apache.commons.logging.LogFactory")
@ConditionalOnBooleanProperty(name = "resilience.logging.enabled", matchIfMissing = true)
public final class ResilienceLoggingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ResilienceLogging resilienceLogging(ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
            ObjectProvider<RetryRegistry> retries, ObjectProvider<BulkheadRegistry> bulkheads,
            ObjectProvider<ThreadPoolBulkheadRegistry> threadPoolBulkheads,
            ObjectProvider<RateLimiterRegistry> rateLimiters, ObjectProvider<KeyedRateLimiterRegistry> keyedRateLimiters,
            ObjectProvider<TimeoutRegistry> timeouts) {
        ResilienceLogging logging = new ResilienceLogging();
        circuitBreakers.ifAvailable(logging::follow);
        retries.ifAvailable(logging::follow);
        bulkheads.ifAvailable(logging::follow);
        threadPoolBulkheads.ifAvailable(logging::follow);
        RateLimiterRegistry rateLimiterRegistry = rateLimiters.getIfAvailable();
        if (rateLimiterRegistry != null) {
            logging.follow(rateLimiterRegistry);
        }
        // The keyed limiters of the rate limiter registry are already followed through it.
        keyedRateLimiters.ifAvailable(keyed -> {
            if (rateLimiterRegistry == null || keyed != rateLimiterRegistry.keyedLimiters()) {
                logging.follow(keyed);
            }
        });
        timeouts.ifAvailable(logging::follow);
        return logging;
    }

    @Bean
    @ConditionalOnMissingBean
    FallbackLogger resilienceFallbackLogger() {
        return new FallbackLogger();
    }
}
