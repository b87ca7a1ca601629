package dev.resilience.spring.boot.autoconfigure.properties;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Settings of one semaphore bulkhead config or instance: {@code resilience.bulkhead.configs.<name>.*} and
 * {@code resilience.bulkhead.instances.<name>.*}. Maps onto {@code dev.resilience.bulkhead.BulkheadConfig}.
 *
 * <p>Every value is {@code null} until set, which means "inherited" (see {@link InstanceProperties}); the
 * default named in each description is the built-in one. Values are validated by the core builders when the
 * application starts: a value out of range fails the start with its full property path.
 *
 * <p>Not thread-safe: bound once by Spring Boot, then only read.
 *
 * @since 0.1.0
 */
public class BulkheadProperties extends InstanceProperties {

    /**
     * Maximum number of calls running at once. Default: 25.
     */
    private @Nullable Integer maxConcurrentCalls;

    /**
     * How long a call waits for a free slot before it is rejected; 0 rejects at once. Default: 0.
     */
    private @Nullable Duration maxWaitDuration;

    /**
     * Whether calls waiting for a slot get freed slots in arrival order, and a new call never overtakes
     * waiting ones. False is a little faster under contention but can starve a waiting call. Default: true.
     */
    private @Nullable Boolean fairCallHandling;

    /**
     * Whether a rejection (BulkheadFullException) records the stack trace of the rejected call. Off, a
     * rejection is cheap and its message says why. Default: false.
     */
    private @Nullable Boolean writableStackTraceEnabled;

    public @Nullable Integer getMaxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    public void setMaxConcurrentCalls(@Nullable Integer maxConcurrentCalls) {
        this.maxConcurrentCalls = maxConcurrentCalls;
    }

    public @Nullable Duration getMaxWaitDuration() {
        return maxWaitDuration;
    }

    public void setMaxWaitDuration(@Nullable Duration maxWaitDuration) {
        this.maxWaitDuration = maxWaitDuration;
    }

    public @Nullable Boolean getFairCallHandling() {
        return fairCallHandling;
    }

    public void setFairCallHandling(@Nullable Boolean fairCallHandling) {
        this.fairCallHandling = fairCallHandling;
    }

    public @Nullable Boolean getWritableStackTraceEnabled() {
        return writableStackTraceEnabled;
    }

    public void setWritableStackTraceEnabled(@Nullable Boolean writableStackTraceEnabled) {
        this.writableStackTraceEnabled = writableStackTraceEnabled;
    }
}
