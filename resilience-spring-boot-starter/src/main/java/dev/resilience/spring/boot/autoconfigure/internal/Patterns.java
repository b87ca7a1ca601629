package dev.resilience.spring.boot.autoconfigure.internal;

import java.util.ArrayList;
import java.util.List;

import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.spi.CircuitBreakerStore;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.spi.RateLimiterStore;
import dev.resilience.retry.RetryConfig;
import dev.resilience.spring.boot.autoconfigure.properties.BulkheadProperties;
import dev.resilience.spring.boot.autoconfigure.properties.CircuitBreakerProperties;
import dev.resilience.spring.boot.autoconfigure.properties.RateLimiterProperties;
import dev.resilience.spring.boot.autoconfigure.properties.RetryProperties;
import dev.resilience.spring.boot.autoconfigure.properties.ThreadPoolBulkheadProperties;
import dev.resilience.spring.boot.autoconfigure.properties.TimeoutProperties;
import dev.resilience.timeout.TimeoutConfig;

import org.springframework.boot.context.properties.PropertyMapper;

/**
 * The six pattern mappings: which property sets which builder method. Only non-null values are applied
 * ({@link PropertyMapper} skips nulls), so unset values keep what the builder inherited from the parent
 * level. Validation is the builders'. Internal: not part of the public API.
 */
public final class Patterns {

    /**
     * Rejections by inner patterns that a circuit breaker built from properties ignores unless
     * {@code ignore-inner-rejections} is false: they are this application protecting itself, not the
     * downstream failing. {@code TimeoutExceededException} is deliberately absent: a slow downstream is a
     * failing one.
     */
    public static final List<Class<? extends Throwable>> INNER_REJECTIONS =
            List.of(BulkheadFullException.class, RateLimitExceededException.class, CallNotPermittedException.class);

    public static final PatternMapping<CircuitBreakerConfig, CircuitBreakerConfig.Builder,
            CircuitBreakerProperties> CIRCUIT_BREAKER =
            new PatternMapping<>("circuit-breaker", CircuitBreakerProperties::new, CircuitBreakerConfig::ofDefaults,
                    CircuitBreakerConfig::from, CircuitBreakerConfig.Builder::build, Patterns::circuitBreaker);

    public static final PatternMapping<RetryConfig, RetryConfig.Builder, RetryProperties> RETRY =
            new PatternMapping<>("retry", RetryProperties::new, RetryConfig::ofDefaults, RetryConfig::from,
                    RetryConfig.Builder::build, Patterns::retry);

    public static final PatternMapping<BulkheadConfig, BulkheadConfig.Builder, BulkheadProperties> BULKHEAD =
            new PatternMapping<>("bulkhead", BulkheadProperties::new, BulkheadConfig::ofDefaults, BulkheadConfig::from,
                    BulkheadConfig.Builder::build, Patterns::bulkhead);

    public static final PatternMapping<ThreadPoolBulkheadConfig, ThreadPoolBulkheadConfig.Builder,
            ThreadPoolBulkheadProperties> THREAD_POOL_BULKHEAD =
            new PatternMapping<>("thread-pool-bulkhead", ThreadPoolBulkheadProperties::new,
                    ThreadPoolBulkheadConfig::ofDefaults, ThreadPoolBulkheadConfig::from,
                    ThreadPoolBulkheadConfig.Builder::build, Patterns::threadPoolBulkhead);

    public static final PatternMapping<RateLimiterConfig, RateLimiterConfig.Builder,
            RateLimiterProperties> RATE_LIMITER =
            new PatternMapping<>("rate-limiter", RateLimiterProperties::new, RateLimiterConfig::ofDefaults,
                    RateLimiterConfig::from, RateLimiterConfig.Builder::build, Patterns::rateLimiter);

    public static final PatternMapping<TimeoutConfig, TimeoutConfig.Builder, TimeoutProperties> TIMEOUT =
            new PatternMapping<>("timeout", TimeoutProperties::new, TimeoutConfig::ofDefaults, TimeoutConfig::from,
                    TimeoutConfig.Builder::build, Patterns::timeout);

    private Patterns() {
    }

    private static void circuitBreaker(CircuitBreakerProperties settings, CircuitBreakerConfig.Builder builder,
            Level<CircuitBreakerProperties, CircuitBreakerConfig> level) {
        PropertyMapper map = PropertyMapper.get();
        map.from(settings::getSlidingWindowType).to(builder::slidingWindowType);
        map.from(settings::getSlidingWindowSize).to(builder::slidingWindowSize);
        map.from(settings::getMinimumNumberOfCalls).to(builder::minimumNumberOfCalls);
        map.from(settings::getFailureRateThreshold).to(builder::failureRateThreshold);
        map.from(settings::getSlowCallRateThreshold).to(builder::slowCallRateThreshold);
        map.from(settings::getSlowCallDurationThreshold).to(builder::slowCallDurationThreshold);
        map.from(settings::getPermittedNumberOfCallsInHalfOpenState).to(builder::permittedNumberOfCallsInHalfOpenState);
        map.from(settings::getMaxWaitDurationInHalfOpenState).to(builder::maxWaitDurationInHalfOpenState);
        map.from(settings::getWaitDurationInOpenState).to(builder::waitDurationInOpenState);
        map.from(settings::getAutomaticTransitionFromOpenToHalfOpenEnabled)
                .to(builder::automaticTransitionFromOpenToHalfOpenEnabled);
        map.from(settings::getWritableStackTraceEnabled).to(builder::writableStackTraceEnabled);
        map.from(settings::getRecordExceptions)
                .to(names -> builder.recordExceptions(level.exceptionClasses("record-exceptions", names)));
        builder.ignoreExceptions(ignoredByBreaker(settings, level));
        map.from(settings::getRecordFailurePredicate)
                .to(name -> builder.recordException(level.exceptionPredicate("record-failure-predicate", name)));
        map.from(settings::getIgnoreExceptionPredicate)
                .to(name -> builder.ignoreException(level.exceptionPredicate("ignore-exception-predicate", name)));
        map.from(settings::getRecordResultPredicate)
                .to(name -> builder.recordResult(level.resultPredicate("record-result-predicate", name)));
        map.from(settings::getStore).to(store -> builder.storeFactory(store == CircuitBreakerProperties.Store.MEMORY
                ? CircuitBreakerStore.inMemory() : level.stores().require(store.name()).circuitBreakerStores()));
    }

    /**
     * The breaker's ignore list: its own {@code ignore-exceptions} (or the parent's list), plus the inner
     * rejections when {@code ignore-inner-rejections} (inherited, default true) holds.
     */
    private static List<Class<? extends Throwable>> ignoredByBreaker(CircuitBreakerProperties settings,
            Level<CircuitBreakerProperties, CircuitBreakerConfig> level) {
        List<Class<? extends Throwable>> ignored = new ArrayList<>();
        if (settings.getIgnoreExceptions() != null) {
            ignored.addAll(level.exceptionClasses("ignore-exceptions", settings.getIgnoreExceptions()));
        } else {
            // The parent's list holds the inner rejections when the parent ignores them: take them out, so
            // that an ignore-inner-rejections: false on this level removes them.
            level.parent().ignoreExceptions().stream().filter(type -> !INNER_REJECTIONS.contains(type))
                    .forEach(ignored::add);
        }
        Boolean ignoreInner = level.inherited(CircuitBreakerProperties::getIgnoreInnerRejections);
        if (ignoreInner == null || ignoreInner) {
            INNER_REJECTIONS.stream().filter(type -> !ignored.contains(type)).forEach(ignored::add);
        }
        return ignored;
    }

    private static void retry(RetryProperties settings, RetryConfig.Builder builder,
            Level<RetryProperties, RetryConfig> level) {
        PropertyMapper map = PropertyMapper.get();
        map.from(settings::getMaxAttempts).to(builder::maxAttempts);
        map.from(settings::getWaitDuration).to(builder::waitDuration);
        map.from(settings::getEnableExponentialBackoff).to(builder::enableExponentialBackoff);
        map.from(settings::getExponentialBackoffMultiplier).to(builder::exponentialBackoffMultiplier);
        map.from(settings::getExponentialMaxWaitDuration).to(builder::exponentialMaxWaitDuration);
        map.from(settings::getEnableRandomizedWait).to(builder::enableRandomizedWait);
        map.from(settings::getRandomizedWaitFactor).to(builder::randomizedWaitFactor);
        map.from(settings::getRetryExceptions)
                .to(names -> builder.retryExceptions(level.exceptionClasses("retry-exceptions", names)));
        map.from(settings::getIgnoreExceptions)
                .to(names -> builder.ignoreExceptions(level.exceptionClasses("ignore-exceptions", names)));
        map.from(settings::getRetryExceptionPredicate)
                .to(name -> builder.retryOnException(level.exceptionPredicate("retry-exception-predicate", name)));
        map.from(settings::getResultPredicate)
                .to(name -> builder.retryOnResult(level.resultPredicate("result-predicate", name)));
    }

    private static void bulkhead(BulkheadProperties settings, BulkheadConfig.Builder builder,
            Level<BulkheadProperties, BulkheadConfig> level) {
        PropertyMapper map = PropertyMapper.get();
        map.from(settings::getMaxConcurrentCalls).to(builder::maxConcurrentCalls);
        map.from(settings::getMaxWaitDuration).to(builder::maxWaitDuration);
        map.from(settings::getFairCallHandling).to(builder::fairCallHandling);
        map.from(settings::getWritableStackTraceEnabled).to(builder::writableStackTraceEnabled);
    }

    private static void threadPoolBulkhead(ThreadPoolBulkheadProperties settings,
            ThreadPoolBulkheadConfig.Builder builder,
            Level<ThreadPoolBulkheadProperties, ThreadPoolBulkheadConfig> level) {
        PropertyMapper map = PropertyMapper.get();
        map.from(settings::getCoreThreadPoolSize).to(builder::coreThreadPoolSize);
        map.from(settings::getMaxThreadPoolSize).to(builder::maxThreadPoolSize);
        map.from(settings::getQueueCapacity).to(builder::queueCapacity);
        map.from(settings::getKeepAliveDuration).to(builder::keepAliveDuration);
        map.from(settings::getWritableStackTraceEnabled).to(builder::writableStackTraceEnabled);
    }

    private static void rateLimiter(RateLimiterProperties settings, RateLimiterConfig.Builder builder,
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

    private static void timeout(TimeoutProperties settings, TimeoutConfig.Builder builder,
            Level<TimeoutProperties, TimeoutConfig> level) {
        PropertyMapper map = PropertyMapper.get();
        map.from(settings::getTimeoutDuration).to(builder::timeoutDuration);
        map.from(settings::getCancelRunningFuture).to(builder::cancelRunningFuture);
        map.from(settings::getMode).to(builder::mode);
    }
}
