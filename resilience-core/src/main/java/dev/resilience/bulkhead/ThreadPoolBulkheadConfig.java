package dev.resilience.bulkhead;

import dev.resilience.core.CommonOptions;
import dev.resilience.core.ConflictingConfigurationException;
import dev.resilience.core.internal.Checks;
import dev.resilience.core.internal.DurationFormat;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * The configuration of a {@link ThreadPoolBulkhead}: immutable, built with {@link #builder()}; YAML prefix
 * {@code resilience.thread-pool-bulkhead.configs.<config>} or
 * {@code resilience.thread-pool-bulkhead.instances.<name>}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>YAML key</th><th>builder method</th><th>default</th></tr>
 *   <tr><td>{@code core-thread-pool-size}</td><td>{@link Builder#coreThreadPoolSize}</td>
 *       <td>{@link #DEFAULT_CORE_THREAD_POOL_SIZE}: available processors - 1, at least 1; at most an explicit
 *       {@code max-thread-pool-size}</td></tr>
 *   <tr><td>{@code max-thread-pool-size}</td><td>{@link Builder#maxThreadPoolSize}</td>
 *       <td>{@link #DEFAULT_MAX_THREAD_POOL_SIZE}: available processors; at least an explicit
 *       {@code core-thread-pool-size}</td></tr>
 *   <tr><td>{@code queue-capacity}</td><td>{@link Builder#queueCapacity}</td>
 *       <td>{@link #DEFAULT_QUEUE_CAPACITY} (100)</td></tr>
 *   <tr><td>{@code keep-alive-duration}</td><td>{@link Builder#keepAliveDuration}</td>
 *       <td>{@link #DEFAULT_KEEP_ALIVE_DURATION} (20ms)</td></tr>
 *   <tr><td>{@code writable-stack-trace-enabled}</td><td>{@link Builder#writableStackTraceEnabled}</td>
 *       <td>false</td></tr>
 *   <tr><td>-</td><td>{@link Builder#taskDecorator}, {@link Builder#clock}</td><td>none, UTC</td></tr>
 * </table>
 *
 * <p>The two size defaults follow a size that was set explicitly, so a configuration never depends on the
 * machine it runs on: {@code core-thread-pool-size: 64} alone gives a maximum of 64 on a 2-core machine (and
 * the number of processors on a larger one), {@code max-thread-pool-size: 1} alone a core size of 1. Only two
 * explicit sizes can conflict.
 *
 * <p>Thread-safe (immutable).
 *
 * @see ThreadPoolBulkhead
 * @since 0.1.0
 */
public final class ThreadPoolBulkheadConfig {

    /** Default {@code max-thread-pool-size}: the number of available processors (as in resilience4j). */
    public static final int DEFAULT_MAX_THREAD_POOL_SIZE = Runtime.getRuntime().availableProcessors();

    /** Default {@code core-thread-pool-size}: available processors minus one, at least 1 (as in resilience4j). */
    public static final int DEFAULT_CORE_THREAD_POOL_SIZE = Math.max(1, DEFAULT_MAX_THREAD_POOL_SIZE - 1);

    /** Default {@code queue-capacity}: 100. */
    public static final int DEFAULT_QUEUE_CAPACITY = 100;

    /** Default {@code keep-alive-duration}: 20 ms. */
    public static final Duration DEFAULT_KEEP_ALIVE_DURATION = Duration.ofMillis(20);

    private static final ThreadPoolBulkheadConfig DEFAULTS = builder().build();

    private final int coreThreadPoolSize;
    private final int maxThreadPoolSize;
    /** Whether the sizes were set explicitly (anywhere up the {@link #from} chain), rather than defaulted. */
    private final boolean coreThreadPoolSizeSet;
    private final boolean maxThreadPoolSizeSet;
    private final int queueCapacity;
    private final Duration keepAliveDuration;
    private final CommonOptions options;

    private ThreadPoolBulkheadConfig(Builder builder, int coreThreadPoolSize, int maxThreadPoolSize) {
        this.coreThreadPoolSize = coreThreadPoolSize;
        this.maxThreadPoolSize = maxThreadPoolSize;
        this.coreThreadPoolSizeSet = builder.coreThreadPoolSizeSet;
        this.maxThreadPoolSizeSet = builder.maxThreadPoolSizeSet;
        this.queueCapacity = builder.queueCapacity;
        this.keepAliveDuration = builder.keepAliveDuration;
        this.options = new CommonOptions(builder.options);
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled from {@code base}: how {@code base-config} inheritance works. */
    public static Builder from(ThreadPoolBulkheadConfig base) {
        return new Builder(base);
    }

    /** The configuration with every default. */
    public static ThreadPoolBulkheadConfig ofDefaults() {
        return DEFAULTS;
    }

    /** {@code core-thread-pool-size}: threads kept even when idle. */
    public int coreThreadPoolSize() {
        return coreThreadPoolSize;
    }

    /** {@code max-thread-pool-size}: the most threads; those above the core are added only when the queue is full. */
    public int maxThreadPoolSize() {
        return maxThreadPoolSize;
    }

    /** {@code queue-capacity}: how many accepted calls may wait for a thread; 0 hands calls to threads directly. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** {@code keep-alive-duration}: how long a thread above the core may stay idle before it ends. */
    public Duration keepAliveDuration() {
        return keepAliveDuration;
    }

    /** Wraps each task handed to the pool; the identity unless one was given. */
    public Function<Runnable, Runnable> taskDecorator() {
        return options.taskDecorator();
    }

    /** {@code writable-stack-trace-enabled}: whether {@link BulkheadFullException}s get a stack trace. */
    public boolean writableStackTraceEnabled() {
        return options.writableStackTraceEnabled();
    }

    /** The clock that stamps events. */
    public Clock clock() {
        return options.clock();
    }

    @Override
    public String toString() {
        return "ThreadPoolBulkheadConfig[coreThreadPoolSize=" + coreThreadPoolSize + ", maxThreadPoolSize="
                + maxThreadPoolSize + ", queueCapacity=" + queueCapacity + ", keepAliveDuration="
                + DurationFormat.format(keepAliveDuration) + "]";
    }

    /**
     * Builds a {@link ThreadPoolBulkheadConfig}. Every method validates its argument at once and throws
     * {@link dev.resilience.core.InvalidConfigurationException} naming the YAML key; {@link #build()} checks
     * that the sizes fit together. Not thread-safe; reusable: {@code build()} copies.
     */
    public static final class Builder implements CommonOptions.TaskDecoratorOption<Builder>,
            CommonOptions.StackTraceOption<Builder>, CommonOptions.ClockOption<Builder> {

        private int coreThreadPoolSize = DEFAULT_CORE_THREAD_POOL_SIZE;
        private int maxThreadPoolSize = DEFAULT_MAX_THREAD_POOL_SIZE;
        private boolean coreThreadPoolSizeSet;
        private boolean maxThreadPoolSizeSet;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration keepAliveDuration = DEFAULT_KEEP_ALIVE_DURATION;
        private final CommonOptions options;

        private Builder() {
            this.options = new CommonOptions();
        }

        private Builder(ThreadPoolBulkheadConfig base) {
            this.coreThreadPoolSize = base.coreThreadPoolSize;
            this.maxThreadPoolSize = base.maxThreadPoolSize;
            this.coreThreadPoolSizeSet = base.coreThreadPoolSizeSet;
            this.maxThreadPoolSizeSet = base.maxThreadPoolSizeSet;
            this.queueCapacity = base.queueCapacity;
            this.keepAliveDuration = base.keepAliveDuration;
            this.options = new CommonOptions(base.options);
        }

        /**
         * {@code core-thread-pool-size}: threads kept even when idle. Default: available processors - 1, at
         * least 1, and at most an explicitly set {@code max-thread-pool-size}. Must not exceed an explicitly set
         * {@code max-thread-pool-size} (checked by {@link #build()}); an unset maximum grows to it.
         *
         * @throws dev.resilience.core.InvalidConfigurationException when less than 1
         */
        public Builder coreThreadPoolSize(int coreThreadPoolSize) {
            this.coreThreadPoolSize = Checks.atLeast("core-thread-pool-size", coreThreadPoolSize, 1);
            this.coreThreadPoolSizeSet = true;
            return this;
        }

        /**
         * {@code max-thread-pool-size}: the most threads. Default: available processors, or an explicitly set
         * {@code core-thread-pool-size} when that is larger. As with any
         * {@link java.util.concurrent.ThreadPoolExecutor}, threads above the core are only started when the
         * queue is full.
         *
         * @throws dev.resilience.core.InvalidConfigurationException when less than 1
         */
        public Builder maxThreadPoolSize(int maxThreadPoolSize) {
            this.maxThreadPoolSize = Checks.atLeast("max-thread-pool-size", maxThreadPoolSize, 1);
            this.maxThreadPoolSizeSet = true;
            return this;
        }

        /**
         * {@code queue-capacity}: how many accepted calls may wait for a free thread. Default 100. Zero means no
         * queue: a call is accepted only when a thread can take it at once.
         *
         * @throws dev.resilience.core.InvalidConfigurationException when negative
         */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = Checks.atLeast("queue-capacity", queueCapacity, 0);
            return this;
        }

        /**
         * {@code keep-alive-duration}: how long a thread above the core may stay idle before it ends.
         * Default 20ms.
         *
         * @throws dev.resilience.core.InvalidConfigurationException when {@code null} or negative
         */
        public Builder keepAliveDuration(Duration keepAliveDuration) {
            this.keepAliveDuration = Checks.notNegative("keep-alive-duration", keepAliveDuration);
            return this;
        }

        @Override
        public CommonOptions commonOptions() {
            return options;
        }

        /**
         * The configuration. A size that was not set follows the other (see the class comment).
         *
         * @throws dev.resilience.core.ConflictingConfigurationException (an {@link IllegalStateException})
         *         naming {@code core-thread-pool-size} when both sizes were set and the core size is the larger
         */
        public ThreadPoolBulkheadConfig build() {
            int max = maxThreadPoolSizeSet ? maxThreadPoolSize
                    : Math.max(DEFAULT_MAX_THREAD_POOL_SIZE, coreThreadPoolSizeSet ? coreThreadPoolSize : 1);
            int core = coreThreadPoolSizeSet ? coreThreadPoolSize : Math.min(DEFAULT_CORE_THREAD_POOL_SIZE, max);
            if (core > max) {
                throw new ConflictingConfigurationException("core-thread-pool-size", core,
                        "must not be greater than 'max-thread-pool-size' (" + max + ")");
            }
            return new ThreadPoolBulkheadConfig(this, core, max);
        }
    }
}
