package dev.resilience.spring.boot.autoconfigure.properties;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Settings of one rate limiter config or instance: {@code resilience.rate-limiter.configs.<name>.*} and
 * {@code resilience.rate-limiter.instances.<name>.*}. Maps onto
 * {@code dev.resilience.ratelimiter.RateLimiterConfig}.
 *
 * <p>Every value is {@code null} until set, which means "inherited" (see {@link InstanceProperties}); the
 * default named in each description is the built-in one. Values are validated by the core builders when the
 * application starts: a value out of range fails the start with its full property path.
 *
 * <p>Not thread-safe: bound once by Spring Boot, then only read.
 *
 * @since 0.1.0
 */
public class RateLimiterProperties extends InstanceProperties {

    /**
     * Number of calls permitted per refresh period; at least 1. Default: 50.
     */
    private @Nullable Integer limitForPeriod;

    /**
     * Length of a period, after which the permissions are refilled; greater than 0. Default: 1s.
     */
    private @Nullable Duration limitRefreshPeriod;

    /**
     * How long a call waits for a permission before it is rejected; 0 rejects at once. Default: 0.
     */
    private @Nullable Duration timeoutDuration;

    /**
     * Maximum number of keys a keyed rate limiter (a RateLimit annotation with a key) holds. Only a key at rest
     * (nothing taken in its current period) is evicted, the least recently used first, so an evicted key never
     * gets its client a fresh limit; while every held key is in use, new keys share one overflow limit.
     * Default: 10000.
     */
    private @Nullable Integer maxKeys;

    /**
     * Whether a rejection (RateLimitExceededException) records the stack trace of the rejected call. Off, a
     * rejection is cheap and its message says when to retry. Default: false.
     */
    private @Nullable Boolean writableStackTraceEnabled;

    /**
     * Where the limiter's state lives: memory (this application), redis (shared by every application instance
     * through Redis; needs resilience-redis on the classpath and a Redis connection) or jdbc (shared through
     * the application's DataSource; needs resilience-jdbc on the classpath). A shared store that is not
     * available fails the start, naming this property. Default: memory.
     */
    private @Nullable Store store;

    /**
     * Whether the limiter is listed in the 'resilienceRateLimiters' health contributor (opt-in, as in
     * resilience4j). It turns health DOWN only with 'allow-health-indicator-to-fail'. Default: false.
     */
    private @Nullable Boolean registerHealthIndicator;

    /**
     * Whether the 'resilienceRateLimiters' health contributor is DOWN while this limiter has no permission
     * left in the current period. Default: false.
     */
    private @Nullable Boolean allowHealthIndicatorToFail;

    public @Nullable Integer getLimitForPeriod() {
        return limitForPeriod;
    }

    public void setLimitForPeriod(@Nullable Integer limitForPeriod) {
        this.limitForPeriod = limitForPeriod;
    }

    public @Nullable Duration getLimitRefreshPeriod() {
        return limitRefreshPeriod;
    }

    public void setLimitRefreshPeriod(@Nullable Duration limitRefreshPeriod) {
        this.limitRefreshPeriod = limitRefreshPeriod;
    }

    public @Nullable Duration getTimeoutDuration() {
        return timeoutDuration;
    }

    public void setTimeoutDuration(@Nullable Duration timeoutDuration) {
        this.timeoutDuration = timeoutDuration;
    }

    public @Nullable Integer getMaxKeys() {
        return maxKeys;
    }

    public void setMaxKeys(@Nullable Integer maxKeys) {
        this.maxKeys = maxKeys;
    }

    public @Nullable Boolean getWritableStackTraceEnabled() {
        return writableStackTraceEnabled;
    }

    public void setWritableStackTraceEnabled(@Nullable Boolean writableStackTraceEnabled) {
        this.writableStackTraceEnabled = writableStackTraceEnabled;
    }

    public @Nullable Store getStore() {
        return store;
    }

    public void setStore(@Nullable Store store) {
        this.store = store;
    }

    public @Nullable Boolean getRegisterHealthIndicator() {
        return registerHealthIndicator;
    }

    public void setRegisterHealthIndicator(@Nullable Boolean registerHealthIndicator) {
        this.registerHealthIndicator = registerHealthIndicator;
    }

    public @Nullable Boolean getAllowHealthIndicatorToFail() {
        return allowHealthIndicatorToFail;
    }

    public void setAllowHealthIndicatorToFail(@Nullable Boolean allowHealthIndicatorToFail) {
        this.allowHealthIndicatorToFail = allowHealthIndicatorToFail;
    }

    /** Where the state of a rate limiter lives. */
    public enum Store {

        /** In this application's memory. */
        MEMORY,

        /**
         * In Redis, shared by every application instance. Needs dev.resilience:resilience-redis on the classpath
         * and a connection ('resilience.redis.url', or a Lettuce RedisClient or Spring Data Redis
         * LettuceConnectionFactory bean); without them the start fails, naming this property.
         */
        REDIS,

        /**
         * In a relational database through the application's DataSource, shared by every application instance.
         * Needs dev.resilience:resilience-jdbc on the classpath and a DataSource bean; without them the start
         * fails, naming this property.
         */
        JDBC
    }
}
