package dev.resilience.timeout;

import dev.resilience.core.Ticker;
import dev.resilience.core.internal.Checks;
import dev.resilience.core.internal.SharedScheduler;
import dev.resilience.timeout.internal.DurationFormat;
import dev.resilience.timeout.internal.TimeoutWorkers;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * The configuration of a {@link Timeout}: immutable, built with {@link #builder()}; YAML prefix
 * {@code resilience.timeout.configs.<config>} or {@code resilience.timeout.instances.<name>}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>YAML key</th><th>builder method</th><th>default</th></tr>
 *   <tr><td>{@code timeout-duration}</td><td>{@link Builder#timeoutDuration}</td>
 *       <td>{@link #DEFAULT_TIMEOUT_DURATION} (1s)</td></tr>
 *   <tr><td>{@code cancel-running-future}</td><td>{@link Builder#cancelRunningFuture}</td>
 *       <td>{@link #DEFAULT_CANCEL_RUNNING_FUTURE} (true)</td></tr>
 *   <tr><td>-</td><td>{@link Builder#executor}</td><td>virtual threads on JDK 21+, else a shared pool of at
 *       most 256 daemon threads</td></tr>
 *   <tr><td>-</td><td>{@link Builder#scheduler}</td><td>the library's shared daemon scheduler</td></tr>
 *   <tr><td>-</td><td>{@link Builder#taskDecorator}</td><td>none</td></tr>
 *   <tr><td>-</td><td>{@link Builder#ticker}, {@link Builder#clock}</td><td>{@link Ticker#system()},
 *       {@link Clock#systemUTC()}</td></tr>
 * </table>
 *
 * <p>Thread-safe (immutable).
 *
 * @see Timeout
 * @since 0.1.0
 */
public final class TimeoutConfig {

    /** Default {@code timeout-duration}: 1 second. */
    public static final Duration DEFAULT_TIMEOUT_DURATION = Duration.ofSeconds(1);

    /** Default {@code cancel-running-future}: {@code true}. */
    public static final boolean DEFAULT_CANCEL_RUNNING_FUTURE = true;

    private static final TimeoutConfig DEFAULTS = builder().build();

    private final Duration timeoutDuration;
    private final long timeoutNanos;
    private final boolean cancelRunningFuture;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final Function<Runnable, Runnable> taskDecorator;
    private final Ticker ticker;
    private final Clock clock;

    private TimeoutConfig(Builder builder) {
        this.timeoutDuration = builder.timeoutDuration;
        this.timeoutNanos = DurationFormat.saturatedNanos(builder.timeoutDuration);
        this.cancelRunningFuture = builder.cancelRunningFuture;
        this.executor = builder.executor;
        this.scheduler = builder.scheduler;
        this.taskDecorator = builder.taskDecorator;
        this.ticker = builder.ticker;
        this.clock = builder.clock;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled from {@code base}: how {@code base-config} inheritance works. */
    public static Builder from(TimeoutConfig base) {
        return new Builder(base);
    }

    /** The configuration with every default. */
    public static TimeoutConfig ofDefaults() {
        return DEFAULTS;
    }

    /** {@code timeout-duration}: how long a call may take; zero means every call times out at once. */
    public Duration timeoutDuration() {
        return timeoutDuration;
    }

    /** {@link #timeoutDuration()} in nanoseconds, capped at {@link Long#MAX_VALUE}. */
    public long timeoutNanos() {
        return timeoutNanos;
    }

    /** {@code cancel-running-future}: whether a timed-out call is cancelled (interrupted, for a worker). */
    public boolean cancelRunningFuture() {
        return cancelRunningFuture;
    }

    /**
     * The executor that runs synchronous calls: the one given to the builder, or else the shared default
     * (created on first use).
     */
    public Executor executor() {
        return executor != null ? executor : TimeoutWorkers.get();
    }

    /** The scheduler that fires asynchronous timeouts: the one given, or else the shared default. */
    public ScheduledExecutorService scheduler() {
        return scheduler != null ? scheduler : SharedScheduler.get();
    }

    /** Wraps each task handed to the {@link #executor()}; the identity unless one was given. */
    public Function<Runnable, Runnable> taskDecorator() {
        return taskDecorator;
    }

    /** The time source for durations and deadlines. */
    public Ticker ticker() {
        return ticker;
    }

    /** The clock that stamps events. */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "TimeoutConfig[timeoutDuration=" + DurationFormat.format(timeoutDuration)
                + ", cancelRunningFuture=" + cancelRunningFuture + "]";
    }

    /**
     * Builds a {@link TimeoutConfig}. Every method validates its argument at once and throws
     * {@link dev.resilience.core.InvalidConfigurationException} naming the YAML key. Not thread-safe; reusable:
     * {@link #build()} copies.
     */
    public static final class Builder {

        private Duration timeoutDuration = DEFAULT_TIMEOUT_DURATION;
        private boolean cancelRunningFuture = DEFAULT_CANCEL_RUNNING_FUTURE;
        private Executor executor;
        private ScheduledExecutorService scheduler;
        private Function<Runnable, Runnable> taskDecorator = Function.identity();
        private Ticker ticker = Ticker.system();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        private Builder(TimeoutConfig base) {
            this.timeoutDuration = base.timeoutDuration;
            this.cancelRunningFuture = base.cancelRunningFuture;
            this.executor = base.executor;
            this.scheduler = base.scheduler;
            this.taskDecorator = base.taskDecorator;
            this.ticker = base.ticker;
            this.clock = base.clock;
        }

        /**
         * {@code timeout-duration}: how long a call may take before it is abandoned with a
         * {@link TimeoutExceededException}. Default 1s. Zero is allowed and means "already expired": every
         * call times out at once and is never started (useful to switch a dependency off by configuration).
         *
         * @throws dev.resilience.core.InvalidConfigurationException when {@code null} or negative
         */
        public Builder timeoutDuration(Duration timeoutDuration) {
            this.timeoutDuration = Checks.notNegative("timeout-duration", timeoutDuration);
            return this;
        }

        /**
         * {@code cancel-running-future}: on timeout, cancel the call. Default {@code true}. For a synchronous
         * call this interrupts the worker thread running it; for an asynchronous one it calls
         * {@code toCompletableFuture().cancel(true)} on the call's stage (when the stage supports it). With
         * {@code false} the call runs on to its end and its outcome is discarded.
         */
        public Builder cancelRunningFuture(boolean cancelRunningFuture) {
            this.cancelRunningFuture = cancelRunningFuture;
            return this;
        }

        /**
         * The executor that runs synchronous calls while the caller waits. Default: a new virtual thread per
         * call on JDK 21+, else a shared pool of at most 256 daemon threads named {@code resilience-timeout-N}
         * (calls beyond that queue, with their timeouts running). The call runs on another thread, so the
         * caller's {@code ThreadLocal}s (security context, MDC, transactions) are not visible to it unless a
         * {@link #taskDecorator} carries them over. An executor that rejects the task makes the call throw
         * its {@code RejectedExecutionException}.
         */
        public Builder executor(Executor executor) {
            this.executor = Checks.notNull("executor", executor);
            return this;
        }

        /**
         * The scheduler that fires asynchronous timeouts: one short task per pending call, cancelled when the
         * call completes first. Default: the library's shared single daemon thread. Stages that callers attach
         * to a timed-out result without an executor run on this thread, so keep such callbacks short or use
         * the {@code *Async} variants.
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Checks.notNull("scheduler", scheduler);
            return this;
        }

        /**
         * Wraps each task handed to the {@link #executor} for a synchronous call; it is applied on the caller's
         * thread, so it can capture the caller's context (MDC, security, tracing) and restore it around the
         * task on the worker. Default: the identity.
         */
        public Builder taskDecorator(Function<Runnable, Runnable> taskDecorator) {
            this.taskDecorator = Checks.notNull("task-decorator", taskDecorator);
            return this;
        }

        /** The time source for deadlines and reported durations. Default {@link Ticker#system()}. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.notNull("ticker", ticker);
            return this;
        }

        /** The clock that stamps {@link dev.resilience.core.event.ResilienceEvent}s. Default UTC. */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull("clock", clock);
            return this;
        }

        /** The configuration. */
        public TimeoutConfig build() {
            return new TimeoutConfig(this);
        }
    }
}
