package dev.resilience.spring.boot.autoconfigure.properties;

import java.time.Duration;
import java.util.List;

import dev.resilience.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import org.jspecify.annotations.Nullable;

/**
 * Settings of one circuit breaker config or instance: {@code resilience.circuit-breaker.configs.<name>.*} and
 * {@code resilience.circuit-breaker.instances.<name>.*}. Maps onto
 * {@code dev.resilience.circuitbreaker.CircuitBreakerConfig}, plus settings that only the Spring integration
 * reads (health, store, inner rejections).
 *
 * <p>Every value is {@code null} until set, which means "inherited" (see {@link InstanceProperties}); the
 * default named in each description is the built-in one. Values are validated by the core builders when the
 * application starts: a value out of range fails the start with its full property path.
 *
 * <p><b>Inner rejections.</b> Unless {@link #getIgnoreInnerRejections() ignore-inner-rejections} is
 * {@code false}, every circuit breaker built from properties ignores (neither a failure nor a success)
 * {@code BulkheadFullException}, {@code RateLimitExceededException} and {@code CallNotPermittedException}
 * (another breaker's rejection) in addition to its {@code ignore-exceptions}: a full bulkhead or an exhausted
 * rate limit inside a breaker is this application protecting itself, not the downstream failing.
 * {@code TimeoutExceededException} still counts: a slow downstream is a failing one.
 *
 * <p>Not thread-safe: bound once by Spring Boot, then only read.
 *
 * @since 0.1.0
 */
public class CircuitBreakerProperties extends InstanceProperties {

    /**
     * How the window is counted: count-based (the last 'sliding-window-size' calls) or time-based (the calls
     * of the last 'sliding-window-size' seconds). Default: count-based.
     */
    private @Nullable SlidingWindowType slidingWindowType;

    /**
     * Number of calls (count-based) or seconds (time-based) the failure rate is computed over. Default: 100.
     */
    private @Nullable Integer slidingWindowSize;

    /**
     * Number of calls the window must hold before a failure or slow-call rate is computed; until then the
     * breaker does not open. Default: 100.
     */
    private @Nullable Integer minimumNumberOfCalls;

    /**
     * Failure rate, in percent, at or above which the breaker opens; greater than 0 and at most 100.
     * Default: 50.
     */
    private @Nullable Float failureRateThreshold;

    /**
     * Rate of slow calls, in percent, at or above which the breaker opens; greater than 0 and at most 100.
     * Default: 100.
     */
    private @Nullable Float slowCallRateThreshold;

    /**
     * Duration above which a call counts as slow. Default: 60s.
     */
    private @Nullable Duration slowCallDurationThreshold;

    /**
     * Number of trial calls permitted while half-open; their outcome closes or re-opens the breaker.
     * Default: 10.
     */
    private @Nullable Integer permittedNumberOfCallsInHalfOpenState;

    /**
     * Longest time the breaker stays half-open before it opens again; 0 waits until the trial calls are done.
     * Default: 0.
     */
    private @Nullable Duration maxWaitDurationInHalfOpenState;

    /**
     * How long the breaker stays open before it lets trial calls through (half-open). Default: 60s.
     */
    private @Nullable Duration waitDurationInOpenState;

    /**
     * Whether the breaker moves from open to half-open by itself once the wait is over, rather than on the
     * next call. Default: false.
     */
    private @Nullable Boolean automaticTransitionFromOpenToHalfOpenEnabled;

    /**
     * Whether a rejection (CallNotPermittedException) records the stack trace of the rejected call. Off, a
     * rejection is cheap and its message says which breaker rejected it in which state. Default: false.
     */
    private @Nullable Boolean writableStackTraceEnabled;

    /**
     * Fully qualified names of the exception classes that count as failures (subclasses match). Empty: every
     * exception not ignored counts; when set, any other exception counts as a success. Default: empty.
     */
    private @Nullable List<String> recordExceptions;

    /**
     * Fully qualified names of the exception classes that count neither as failures nor as successes
     * (subclasses match); they win over 'record-exceptions'. Default: empty.
     */
    private @Nullable List<String> ignoreExceptions;

    /**
     * Fully qualified name of a type implementing java.util.function.Predicate<Throwable> that decides which
     * exceptions count as failures, in addition to 'record-exceptions' (true = failure; an exception neither
     * accepts counts as a success; 'ignore-exceptions' still win). A bean of that type is used when the
     * context has exactly one, else the type is instantiated with its no-argument constructor.
     * Default: none.
     */
    private @Nullable String recordFailurePredicate;

    /**
     * Fully qualified name of a type implementing java.util.function.Predicate<Throwable> that decides which
     * exceptions count neither as failures nor as successes, in addition to 'ignore-exceptions' (true =
     * ignored; wins over 'record-exceptions' and 'record-failure-predicate'). A bean of that type is used
     * when the context has exactly one, else the type is instantiated with its no-argument constructor.
     * Default: none.
     */
    private @Nullable String ignoreExceptionPredicate;

    /**
     * Fully qualified name of a type implementing java.util.function.Predicate<Object> that decides which
     * returned values count as failures (true = failure; the value is still returned to the caller). A bean
     * of that type is used when the context has exactly one, else the type is instantiated with its
     * no-argument constructor. Default: none.
     */
    private @Nullable String recordResultPredicate;

    /**
     * Whether rejections by inner patterns (BulkheadFullException, RateLimitExceededException and another
     * breaker's CallNotPermittedException) are ignored, in addition to 'ignore-exceptions', so they never
     * count as the downstream failing. TimeoutExceededException still counts. Default: true.
     */
    private @Nullable Boolean ignoreInnerRejections;

    /**
     * Whether the breaker is listed in the 'resilience' health contributor. It turns health DOWN only with
     * 'allow-health-indicator-to-fail'. Default: true.
     */
    private @Nullable Boolean registerHealthIndicator;

    /**
     * Whether the 'resilience' health contributor is DOWN while this breaker is open or forced open.
     * Default: false.
     */
    private @Nullable Boolean allowHealthIndicatorToFail;

    /**
     * Where the breaker's window and state live: memory (this application), redis (shared by every application
     * instance through Redis; needs resilience-redis on the classpath and a Redis connection) or jdbc (shared
     * through the application's DataSource; needs resilience-jdbc on the classpath). A shared store that is
     * not available fails the start, naming this property. Default: memory.
     */
    private @Nullable Store store;

    public @Nullable SlidingWindowType getSlidingWindowType() {
        return slidingWindowType;
    }

    public void setSlidingWindowType(@Nullable SlidingWindowType slidingWindowType) {
        this.slidingWindowType = slidingWindowType;
    }

    public @Nullable Integer getSlidingWindowSize() {
        return slidingWindowSize;
    }

    public void setSlidingWindowSize(@Nullable Integer slidingWindowSize) {
        this.slidingWindowSize = slidingWindowSize;
    }

    public @Nullable Integer getMinimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    public void setMinimumNumberOfCalls(@Nullable Integer minimumNumberOfCalls) {
        this.minimumNumberOfCalls = minimumNumberOfCalls;
    }

    public @Nullable Float getFailureRateThreshold() {
        return failureRateThreshold;
    }

    public void setFailureRateThreshold(@Nullable Float failureRateThreshold) {
        this.failureRateThreshold = failureRateThreshold;
    }

    public @Nullable Float getSlowCallRateThreshold() {
        return slowCallRateThreshold;
    }

    public void setSlowCallRateThreshold(@Nullable Float slowCallRateThreshold) {
        this.slowCallRateThreshold = slowCallRateThreshold;
    }

    public @Nullable Duration getSlowCallDurationThreshold() {
        return slowCallDurationThreshold;
    }

    public void setSlowCallDurationThreshold(@Nullable Duration slowCallDurationThreshold) {
        this.slowCallDurationThreshold = slowCallDurationThreshold;
    }

    public @Nullable Integer getPermittedNumberOfCallsInHalfOpenState() {
        return permittedNumberOfCallsInHalfOpenState;
    }

    public void setPermittedNumberOfCallsInHalfOpenState(@Nullable Integer permittedNumberOfCallsInHalfOpenState) {
        this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
    }

    public @Nullable Duration getMaxWaitDurationInHalfOpenState() {
        return maxWaitDurationInHalfOpenState;
    }

    public void setMaxWaitDurationInHalfOpenState(@Nullable Duration maxWaitDurationInHalfOpenState) {
        this.maxWaitDurationInHalfOpenState = maxWaitDurationInHalfOpenState;
    }

    public @Nullable Duration getWaitDurationInOpenState() {
        return waitDurationInOpenState;
    }

    public void setWaitDurationInOpenState(@Nullable Duration waitDurationInOpenState) {
        this.waitDurationInOpenState = waitDurationInOpenState;
    }

    public @Nullable Boolean getAutomaticTransitionFromOpenToHalfOpenEnabled() {
        return automaticTransitionFromOpenToHalfOpenEnabled;
    }

    public void setAutomaticTransitionFromOpenToHalfOpenEnabled(
            @Nullable Boolean automaticTransitionFromOpenToHalfOpenEnabled) {
        this.automaticTransitionFromOpenToHalfOpenEnabled = automaticTransitionFromOpenToHalfOpenEnabled;
    }

    public @Nullable Boolean getWritableStackTraceEnabled() {
        return writableStackTraceEnabled;
    }

    public void setWritableStackTraceEnabled(@Nullable Boolean writableStackTraceEnabled) {
        this.writableStackTraceEnabled = writableStackTraceEnabled;
    }

    public @Nullable List<String> getRecordExceptions() {
        return recordExceptions;
    }

    public void setRecordExceptions(@Nullable List<String> recordExceptions) {
        this.recordExceptions = recordExceptions;
    }

    public @Nullable List<String> getIgnoreExceptions() {
        return ignoreExceptions;
    }

    public void setIgnoreExceptions(@Nullable List<String> ignoreExceptions) {
        this.ignoreExceptions = ignoreExceptions;
    }

    public @Nullable String getRecordFailurePredicate() {
        return recordFailurePredicate;
    }

    public void setRecordFailurePredicate(@Nullable String recordFailurePredicate) {
        this.recordFailurePredicate = recordFailurePredicate;
    }

    public @Nullable String getIgnoreExceptionPredicate() {
        return ignoreExceptionPredicate;
    }

    public void setIgnoreExceptionPredicate(@Nullable String ignoreExceptionPredicate) {
        this.ignoreExceptionPredicate = ignoreExceptionPredicate;
    }

    public @Nullable String getRecordResultPredicate() {
        return recordResultPredicate;
    }

    public void setRecordResultPredicate(@Nullable String recordResultPredicate) {
        this.recordResultPredicate = recordResultPredicate;
    }

    public @Nullable Boolean getIgnoreInnerRejections() {
        return ignoreInnerRejections;
    }

    public void setIgnoreInnerRejections(@Nullable Boolean ignoreInnerRejections) {
        this.ignoreInnerRejections = ignoreInnerRejections;
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

    public @Nullable Store getStore() {
        return store;
    }

    public void setStore(@Nullable Store store) {
        this.store = store;
    }

    /** Where the window and state of a circuit breaker live. */
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
