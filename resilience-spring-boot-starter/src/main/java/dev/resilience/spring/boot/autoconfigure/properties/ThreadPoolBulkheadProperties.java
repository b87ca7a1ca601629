package dev.resilience.spring.boot.autoconfigure.properties;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Settings of one thread-pool bulkhead config or instance: {@code resilience.thread-pool-bulkhead.configs.<name>.*}
 * and {@code resilience.thread-pool-bulkhead.instances.<name>.*}. Maps onto
 * {@code dev.resilience.bulkhead.ThreadPoolBulkheadConfig}.
 *
 * <p>Every value is {@code null} until set, which means "inherited" (see {@link InstanceProperties}); the
 * default named in each description is the built-in one. Values are validated by the core builders when the
 * application starts: a value out of range fails the start with its full property path.
 *
 * <p>Not thread-safe: bound once by Spring Boot, then only read.
 *
 * @since 0.1.0
 */
public class ThreadPoolBulkheadProperties extends InstanceProperties {

    /**
     * Number of threads kept in the pool; at most 'max-thread-pool-size'. Default: the number of processors minus
     * one, at least 1.
     */
    private @Nullable Integer coreThreadPoolSize;

    /**
     * Maximum number of threads of the pool. Default: the number of processors.
     */
    private @Nullable Integer maxThreadPoolSize;

    /**
     * Number of calls that may wait in the queue when every thread is busy. Default: 100.
     */
    private @Nullable Integer queueCapacity;

    /**
     * How long a thread above the core size stays idle before it ends. Default: 20ms.
     */
    private @Nullable Duration keepAliveDuration;

    /**
     * Whether a rejection (BulkheadFullException) records the stack trace of the rejected call. Off, a
     * rejection is cheap and its message says why. Default: false.
     */
    private @Nullable Boolean writableStackTraceEnabled;

    public @Nullable Integer getCoreThreadPoolSize() {
        return coreThreadPoolSize;
    }

    public void setCoreThreadPoolSize(@Nullable Integer coreThreadPoolSize) {
        this.coreThreadPoolSize = coreThreadPoolSize;
    }

    public @Nullable Integer getMaxThreadPoolSize() {
        return maxThreadPoolSize;
    }

    public void setMaxThreadPoolSize(@Nullable Integer maxThreadPoolSize) {
        this.maxThreadPoolSize = maxThreadPoolSize;
    }

    public @Nullable Integer getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(@Nullable Integer queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public @Nullable Duration getKeepAliveDuration() {
        return keepAliveDuration;
    }

    public void setKeepAliveDuration(@Nullable Duration keepAliveDuration) {
        this.keepAliveDuration = keepAliveDuration;
    }

    public @Nullable Boolean getWritableStackTraceEnabled() {
        return writableStackTraceEnabled;
    }

    public void setWritableStackTraceEnabled(@Nullable Boolean writableStackTraceEnabled) {
        this.writableStackTraceEnabled = writableStackTraceEnabled;
    }
}
