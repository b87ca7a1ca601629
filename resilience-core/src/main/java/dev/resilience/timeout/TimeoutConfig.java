package dev.resilience.timeout;

import dev.resilience.core.CommonOptions;
import dev.resilience.core.Ticker;
import dev.resilience.core.internal.Checks;
import dev.resilience.core.internal.DurationFormat;
import dev.resilience.timeout.internal.TimeoutWorkers;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
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
 *   <tr><td>{@code mode}</td><td>{@link Builder#mode}</td><td>{@link #DEFAULT_MODE} ({@code caller})</td></tr>
 *   <tr><td>-</td><td>{@link Builder#executor}</td><td>worker mode only: virtual threads on JDK 21+, else a
 *       shared pool of at most 256 daemon threads</td></tr>
 *   <tr><td>-</td><td>{@link Builder#scheduler}</td><td>the library's shared daemon scheduler</td></tr>
 *   <tr><td>-</td><td>{@link Builder#taskDecorator}</td><td>worker mode only: none</td></tr>
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

    /** Default {@code mode}: {@link Mode#CALLER}. */
    public static final Mode DEFAULT_MODE = Mode.CALLER;

    /**
     * Where a synchronous call under a timeout runs ({@code mode}). Asynchronous calls are not affected: their
     * returned stage fails at the deadline, no thread waits.
     */
    public enum Mode {
        /**
         * The call runs on the caller's thread, so everything bound to that thread is visible to it: an
         * enclosing transaction, {@code RequestContextHolder}, a security context, MDC, any {@code ThreadLocal}.
         * One shared timer thread interrupts the caller at the deadline (with {@code cancel-running-future});
         * the caller gets a {@link TimeoutExceededException} as soon as the call reacts to the interrupt, and
         * the interrupt is cleared again before the exception is thrown. A call that ignores interrupts runs to
         * its end and then gets the {@code TimeoutExceededException}. Costs no thread hand-off: tens of
         * nanoseconds per call.
         */
        CALLER,
        /**
         * The call is handed to a worker thread ({@link Builder#executor}) while the caller waits; at the
         * deadline the caller gets a {@link TimeoutExceededException} at once and the call is abandoned (and
         * interrupted, with {@code cancel-running-future}), even when it ignores interrupts. The call does not
         * see the caller's {@code ThreadLocal}s unless a {@link Builder#taskDecorator} carries them over. Costs
         * a thread hand-off: microseconds per call.
         */
        WORKER
    }

    private static final TimeoutConfig DEFAULTS = builder().build();

    private final Duration timeoutDuration;
    private final long timeoutNanos;
    private final boolean cancelRunningFuture;
    private final Mode mode;
    private final Executor executor;
    private final CommonOptions options;

    private TimeoutConfig(Builder builder) {
        this.timeoutDuration = builder.timeoutDuration;
        this.timeoutNanos = DurationFormat.saturatedNanos(builder.timeoutDuration);
        this.cancelRunningFuture = builder.cancelRunningFuture;
        this.mode = builder.mode;
        this.executor = builder.executor;
        this.options = new CommonOptions(builder.options);
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

    /**
     * {@code cancel-running-future}: whether a timed-out call is cancelled (its thread interrupted, for a
     * synchronous call).
     */
    public boolean cancelRunningFuture() {
        return cancelRunningFuture;
    }

    /** {@code mode}: where synchronous calls run. */
    public Mode mode() {
        return mode;
    }

    /**
     * The executor that runs synchronous calls in {@link Mode#WORKER} mode: the one given to the builder, or
     * else the shared default (created on first use).
     */
    public Executor executor() {
        return executor != null ? executor : TimeoutWorkers.get();
    }

    /**
     * The scheduler that fires asynchronous timeouts: the one given, or else the shared default (whose thread
     * only fires; expiries are completed on the library's dispatch threads).
     */
    public ScheduledExecutorService scheduler() {
        return options.scheduler();
    }

    /** Wraps each task handed to the {@link #executor()}; the identity unless one was given. */
    public Function<Runnable, Runnable> taskDecorator() {
        return options.taskDecorator();
    }

    /** The time source for durations and deadlines. */
    public Ticker ticker() {
        return options.ticker(Ticker.system());
    }

    /** The clock that stamps events. */
    public Clock clock() {
        return options.clock();
    }

    @Override
    public String toString() {
        return "TimeoutConfig[timeoutDuration=" + DurationFormat.format(timeoutDuration)
                + ", cancelRunningFuture=" + cancelRunningFuture
                + ", mode=" + mode.name().toLowerCase(Locale.ROOT) + "]";
    }

    /**
     * Builds a {@link TimeoutConfig}. Every method validates its argument at once and throws
     * {@link dev.resilience.core.InvalidConfigurationException} naming the YAML key. Not thread-safe; reusable:
     * {@link #build()} copies.
     */
    public static final class Builder
            implements CommonOptions.TaskDecoratorOption<Builder>, CommonOptions.TickerOption<Builder>,
            CommonOptions.ClockOption<Builder>, CommonOptions.SchedulerOption<Builder> {

        private Duration timeoutDuration = DEFAULT_TIMEOUT_DURATION;
        private boolean cancelRunningFuture = DEFAULT_CANCEL_RUNNING_FUTURE;
        private Mode mode = DEFAULT_MODE;
        private Executor executor;
        private final CommonOptions options;

        private Builder() {
            this.options = new CommonOptions();
        }

        private Builder(TimeoutConfig base) {
            this.timeoutDuration = base.timeoutDuration;
            this.cancelRunningFuture = base.cancelRunningFuture;
            this.mode = base.mode;
            this.executor = base.executor;
            this.options = new CommonOptions(base.options);
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
         * call this interrupts the thread running it (the caller's own in {@link Mode#CALLER} mode, the worker
         * in {@link Mode#WORKER} mode); for an asynchronous one it calls
         * {@code toCompletableFuture().cancel(true)} on the call's stage (when the stage supports it). With
         * {@code false} the call runs on to its end and its outcome is discarded: in caller mode the caller
         * gets the {@link TimeoutExceededException} when the call ends past its deadline, in worker mode at the
         * deadline.
         */
        public Builder cancelRunningFuture(boolean cancelRunningFuture) {
            this.cancelRunningFuture = cancelRunningFuture;
            return this;
        }

        /**
         * {@code mode}: where a synchronous call runs, on the caller's thread ({@link Mode#CALLER}, the
         * default) or handed to a worker thread ({@link Mode#WORKER}). See {@link Mode}.
         *
         * @throws dev.resilience.core.InvalidConfigurationException when {@code null}
         */
        public Builder mode(Mode mode) {
            this.mode = Checks.notNull("mode", mode);
            return this;
        }

        /**
         * The executor that runs synchronous calls in {@link Mode#WORKER} mode while the caller waits (unused in
         * caller mode). Default: a new virtual thread per
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

        @Override
        public CommonOptions commonOptions() {
            return options;
        }

        /** The configuration. */
        public TimeoutConfig build() {
            return new TimeoutConfig(this);
        }
    }
}
