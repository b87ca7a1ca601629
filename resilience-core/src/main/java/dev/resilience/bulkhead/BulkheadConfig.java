package dev.resilience.bulkhead;

import dev.resilience.core.CommonOptions;
import dev.resilience.core.internal.Checks;
import dev.resilience.core.internal.DurationFormat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The configuration of a semaphore {@link Bulkhead}: immutable, built with {@link #builder()}; YAML prefix
 * {@code resilience.bulkhead.configs.<config>} or {@code resilience.bulkhead.instances.<name>}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>YAML key</th><th>builder method</th><th>default</th></tr>
 *   <tr><td>{@code max-concurrent-calls}</td><td>{@link Builder#maxConcurrentCalls}</td>
 *       <td>{@link #DEFAULT_MAX_CONCURRENT_CALLS} (25)</td></tr>
 *   <tr><td>{@code max-wait-duration}</td><td>{@link Builder#maxWaitDuration}</td>
 *       <td>{@link #DEFAULT_MAX_WAIT_DURATION} (0: reject at once)</td></tr>
 *   <tr><td>{@code fair-call-handling}</td><td>{@link Builder#fairCallHandling}</td>
 *       <td>{@link #DEFAULT_FAIR_CALL_HANDLING} (true)</td></tr>
 *   <tr><td>{@code writable-stack-trace-enabled}</td><td>{@link Builder#writableStackTraceEnabled}</td>
 *       <td>{@link #DEFAULT_WRITABLE_STACK_TRACE_ENABLED} (false)</td></tr>
 *   <tr><td>-</td><td>{@link Builder#scheduler}, {@link Builder#clock}</td><td>the shared scheduler, UTC</td></tr>
 * </table>
 *
 * <p>Thread-safe (immutable).
 *
 * @see Bulkhead
 * @since 0.1.0
 */
public final class BulkheadConfig {

    /** Default {@code max-concurrent-calls}: 25. */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 25;

    /** Default {@code max-wait-duration}: zero, a call that finds no permit is rejected at once. */
    public static final Duration DEFAULT_MAX_WAIT_DURATION = Duration.ZERO;

    /** Default {@code fair-call-handling}: {@code true}, waiting calls get permits in arrival order. */
    public static final boolean DEFAULT_FAIR_CALL_HANDLING = true;

    /** Default {@code writable-stack-trace-enabled}: {@code false}, rejections carry no stack trace. */
    public static final boolean DEFAULT_WRITABLE_STACK_TRACE_ENABLED = false;

    private static final BulkheadConfig DEFAULTS = builder().build();

    private final int maxConcurrentCalls;
    private final Duration maxWaitDuration;
    private final long maxWaitNanos;
    private final boolean fairCallHandling;
    private final CommonOptions options;

    private BulkheadConfig(Builder builder) {
        this.maxConcurrentCalls = builder.maxConcurrentCalls;
        this.maxWaitDuration = builder.maxWaitDuration;
        this.maxWaitNanos = DurationFormat.saturatedNanos(builder.maxWaitDuration);
        this.fairCallHandling = builder.fairCallHandling;
        this.options = new CommonOptions(builder.options);
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled from {@code base}: how {@code base-config} inheritance works. */
    public static Builder from(BulkheadConfig base) {
        return new Builder(base);
    }

    /** The configuration with every default. */
    public static BulkheadConfig ofDefaults() {
        return DEFAULTS;
    }

    /** {@code max-concurrent-calls}: how many calls may be inside at once; at least 1. */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    /** {@code max-wait-duration}: how long a call may wait for a permit; zero rejects at once. */
    public Duration maxWaitDuration() {
        return maxWaitDuration;
    }

    /** {@link #maxWaitDuration()} in nanoseconds, capped at {@link Long#MAX_VALUE}. */
    public long maxWaitNanos() {
        return maxWaitNanos;
    }

    /** {@code fair-call-handling}: whether waiting calls are served in arrival order. */
    public boolean fairCallHandling() {
        return fairCallHandling;
    }

    /** {@code writable-stack-trace-enabled}: whether {@link BulkheadFullException}s get a stack trace. */
    public boolean writableStackTraceEnabled() {
        return options.writableStackTraceEnabled();
    }

    /** The scheduler that ends asynchronous waits: the one given, or else the shared default. */
    public ScheduledExecutorService scheduler() {
        return options.scheduler();
    }

    /** The clock that stamps events. */
    public Clock clock() {
        return options.clock();
    }

    @Override
    public String toString() {
        return "BulkheadConfig[maxConcurrentCalls=" + maxConcurrentCalls + ", maxWaitDuration="
                + DurationFormat.format(maxWaitDuration) + ", fairCallHandling=" + fairCallHandling + "]";
    }

    /**
     * Builds a {@link BulkheadConfig}. Every method validates its argument at once and throws
     * {@link dev.resilience.core.InvalidConfigurationException} naming the YAML key. Not thread-safe; reusable:
     * {@link #build()} copies.
     */
    public static final class Builder implements CommonOptions.StackTraceOption<Builder>,
            CommonOptions.SchedulerOption<Builder>, CommonOptions.ClockOption<Builder> {

        private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
        private Duration maxWaitDuration = DEFAULT_MAX_WAIT_DURATION;
        private boolean fairCallHandling = DEFAULT_FAIR_CALL_HANDLING;
        private final CommonOptions options;

        private Builder() {
            this.options = new CommonOptions();
        }

        private Builder(BulkheadConfig base) {
            this.maxConcurrentCalls = base.maxConcurrentCalls;
            this.maxWaitDuration = base.maxWaitDuration;
            this.fairCallHandling = base.fairCallHandling;
            this.options = new CommonOptions(base.options);
        }

        @Override
        public CommonOptions commonOptions() {
            return options;
        }

        /**
         * {@code max-concurrent-calls}: how many calls may be inside the bulkhead at once. Default 25. At least
         * 1: resilience4j accepts 0, which rejects every call; to switch a dependency off, use a circuit breaker
         * forced open or a zero timeout instead, which say so in their exceptions.
         *
         * @throws dev.resilience.core.InvalidConfigurationException when less than 1
         */
        public Builder maxConcurrentCalls(int maxConcurrentCalls) {
            this.maxConcurrentCalls = Checks.atLeast("max-concurrent-calls", maxConcurrentCalls, 1);
            return this;
        }

        /**
         * {@code max-wait-duration}: how long a call that finds the bulkhead full waits for a permit before it
         * is rejected with a {@link BulkheadFullException}. Default zero: rejected at once, without any lock.
         * Synchronous callers block for that long; asynchronous ones never block: their stage waits in a queue.
         *
         * @throws dev.resilience.core.InvalidConfigurationException when {@code null} or negative
         */
        public Builder maxWaitDuration(Duration maxWaitDuration) {
            this.maxWaitDuration = Checks.notNegative("max-wait-duration", maxWaitDuration);
            return this;
        }

        /**
         * {@code fair-call-handling}: waiting calls get freed permits in arrival order (FIFO), and a new call
         * does not overtake waiting ones. Default {@code true}. With {@code false} a new call takes a free
         * permit at once even while others wait, which is a little faster under contention but can starve a
         * waiting call.
         */
        public Builder fairCallHandling(boolean fairCallHandling) {
            this.fairCallHandling = fairCallHandling;
            return this;
        }

        /** The configuration. */
        public BulkheadConfig build() {
            return new BulkheadConfig(this);
        }
    }
}
