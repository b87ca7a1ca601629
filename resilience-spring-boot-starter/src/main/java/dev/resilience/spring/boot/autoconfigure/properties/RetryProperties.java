package dev.resilience.spring.boot.autoconfigure.properties;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Settings of one retry config or instance: {@code resilience.retry.configs.<name>.*} and
 * {@code resilience.retry.instances.<name>.*}. Maps onto {@code dev.resilience.retry.RetryConfig}.
 *
 * <p>Every value is {@code null} until set, which means "inherited" (see {@link InstanceProperties}); the
 * default named in each description is the built-in one. Values are validated by the core builders when the
 * application starts: a value out of range fails the start with its full property path.
 *
 * <p>Not thread-safe: bound once by Spring Boot, then only read.
 *
 * @since 0.1.0
 */
public class RetryProperties extends InstanceProperties {

    /**
     * Maximum number of attempts, the first call included; at least 1. Default: 3.
     */
    private @Nullable Integer maxAttempts;

    /**
     * Wait before each retry (the initial wait with exponential backoff); not negative. Default: 500ms.
     */
    private @Nullable Duration waitDuration;

    /**
     * Whether the wait grows by 'exponential-backoff-multiplier' after each attempt. Default: false.
     */
    private @Nullable Boolean enableExponentialBackoff;

    /**
     * Factor by which the wait grows after each attempt when exponential backoff is enabled. Default: 2.0.
     */
    private @Nullable Double exponentialBackoffMultiplier;

    /**
     * Upper bound of the wait when exponential backoff is enabled. Default: unbounded.
     */
    private @Nullable Duration exponentialMaxWaitDuration;

    /**
     * Whether each wait is spread randomly by 'randomized-wait-factor' around its value (jitter). Default: false.
     */
    private @Nullable Boolean enableRandomizedWait;

    /**
     * Spread of a randomized wait: a wait w becomes a random value between w*(1-factor) and w*(1+factor). Default: 0.5.
     */
    private @Nullable Double randomizedWaitFactor;

    /**
     * Fully qualified names of the exception classes that are retried (subclasses match). Empty: every
     * exception not ignored is retried. Default: empty.
     */
    private @Nullable List<String> retryExceptions;

    /**
     * Fully qualified names of the exception classes that are never retried (subclasses match); they win
     * over 'retry-exceptions'. Default: empty.
     */
    private @Nullable List<String> ignoreExceptions;

    /**
     * Fully qualified name of a type implementing java.util.function.Predicate<Throwable> that decides which
     * exceptions are retried, in addition to 'retry-exceptions' (true = retry; with no 'retry-exceptions',
     * only those it accepts; 'ignore-exceptions' still win). A bean of that type is used when the context
     * has exactly one, else the type is instantiated with its no-argument constructor. Default: none.
     */
    private @Nullable String retryExceptionPredicate;

    /**
     * Fully qualified name of a type implementing java.util.function.Predicate<Object> that decides which
     * returned values are retried (true = retry; after the last attempt the caller receives that value). A
     * bean of that type is used when the context has exactly one, else the type is instantiated with its
     * no-argument constructor. Default: none.
     */
    private @Nullable String resultPredicate;

    public @Nullable Integer getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(@Nullable Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public @Nullable Duration getWaitDuration() {
        return waitDuration;
    }

    public void setWaitDuration(@Nullable Duration waitDuration) {
        this.waitDuration = waitDuration;
    }

    public @Nullable Boolean getEnableExponentialBackoff() {
        return enableExponentialBackoff;
    }

    public void setEnableExponentialBackoff(@Nullable Boolean enableExponentialBackoff) {
        this.enableExponentialBackoff = enableExponentialBackoff;
    }

    public @Nullable Double getExponentialBackoffMultiplier() {
        return exponentialBackoffMultiplier;
    }

    public void setExponentialBackoffMultiplier(@Nullable Double exponentialBackoffMultiplier) {
        this.exponentialBackoffMultiplier = exponentialBackoffMultiplier;
    }

    public @Nullable Duration getExponentialMaxWaitDuration() {
        return exponentialMaxWaitDuration;
    }

    public void setExponentialMaxWaitDuration(@Nullable Duration exponentialMaxWaitDuration) {
        this.exponentialMaxWaitDuration = exponentialMaxWaitDuration;
    }

    public @Nullable Boolean getEnableRandomizedWait() {
        return enableRandomizedWait;
    }

    public void setEnableRandomizedWait(@Nullable Boolean enableRandomizedWait) {
        this.enableRandomizedWait = enableRandomizedWait;
    }

    public @Nullable Double getRandomizedWaitFactor() {
        return randomizedWaitFactor;
    }

    public void setRandomizedWaitFactor(@Nullable Double randomizedWaitFactor) {
        this.randomizedWaitFactor = randomizedWaitFactor;
    }

    public @Nullable List<String> getRetryExceptions() {
        return retryExceptions;
    }

    public void setRetryExceptions(@Nullable List<String> retryExceptions) {
        this.retryExceptions = retryExceptions;
    }

    public @Nullable List<String> getIgnoreExceptions() {
        return ignoreExceptions;
    }

    public void setIgnoreExceptions(@Nullable List<String> ignoreExceptions) {
        this.ignoreExceptions = ignoreExceptions;
    }

    public @Nullable String getRetryExceptionPredicate() {
        return retryExceptionPredicate;
    }

    public void setRetryExceptionPredicate(@Nullable String retryExceptionPredicate) {
        this.retryExceptionPredicate = retryExceptionPredicate;
    }

    public @Nullable String getResultPredicate() {
        return resultPredicate;
    }

    public void setResultPredicate(@Nullable String resultPredicate) {
        this.resultPredicate = resultPredicate;
    }
}
