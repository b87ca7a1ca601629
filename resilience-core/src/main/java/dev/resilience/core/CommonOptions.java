package dev.resilience.core;

import dev.resilience.core.internal.Checks;
import dev.resilience.core.internal.SharedScheduler;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * The builder options that the patterns' configurations share, each defined once, here: the time source
 * ({@link TickerOption}), the clock of events ({@link ClockOption}), the scheduler of timed work
 * ({@link SchedulerOption}), how tasks handed to other threads are wrapped ({@link TaskDecoratorOption}) and
 * whether rejections fill in their stack trace ({@link StackTraceOption}). A
 * pattern's builder implements the option interfaces it supports and holds one {@code CommonOptions}; its
 * configuration keeps a copy taken at {@code build()}.
 *
 * <p>One rule for every pattern: an option not given is {@code null} here and the configuration answers its
 * default: {@link #scheduler()} is resolved (the one given, or the library's shared daemon scheduler, started
 * on first use); the ticker's default is the pattern's own (see each configuration's {@code ticker()}); the
 * clock's is {@link Clock#systemUTC()}; stack traces are off.
 *
 * <p>Only the option interfaces change a {@code CommonOptions}; a configuration's copy never changes. Not
 * thread-safe while a builder fills it; immutable once a configuration holds it.
 *
 * @since 0.2.0
 */
public final class CommonOptions {

    private Ticker ticker;
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private boolean writableStackTraceEnabled;
    private Function<Runnable, Runnable> taskDecorator = Function.identity();

    /** Every option at its default. */
    public CommonOptions() {
    }

    /** A copy of {@code base}: for a builder made from a configuration, and for a configuration at build time. */
    public CommonOptions(CommonOptions base) {
        this.ticker = base.ticker;
        this.clock = base.clock;
        this.scheduler = base.scheduler;
        this.writableStackTraceEnabled = base.writableStackTraceEnabled;
        this.taskDecorator = base.taskDecorator;
    }

    /** The ticker given, or {@code null}: then the pattern chooses its default. */
    public Ticker givenTicker() {
        return ticker;
    }

    /** The ticker given, or else {@code defaultTicker}. */
    public Ticker ticker(Ticker defaultTicker) {
        return ticker != null ? ticker : defaultTicker;
    }

    /** The clock that timestamps {@link dev.resilience.core.event.ResilienceEvent}s. */
    public Clock clock() {
        return clock;
    }

    /**
     * The scheduler given, or else the library's shared daemon scheduler. Resolved on each call, so an instance
     * that never schedules anything never starts the shared one.
     */
    public ScheduledExecutorService scheduler() {
        return scheduler != null ? scheduler : SharedScheduler.get();
    }

    /** Whether the pattern's rejections fill in their stack trace. */
    public boolean writableStackTraceEnabled() {
        return writableStackTraceEnabled;
    }

    /** What wraps each task the pattern hands to another thread; the identity unless given. */
    public Function<Runnable, Runnable> taskDecorator() {
        return taskDecorator;
    }

    /**
     * A builder that holds {@link CommonOptions}.
     *
     * @param <B> the builder type, returned by every option for chaining
     */
    public interface Holder<B> {

        /** The options this builder fills in. */
        CommonOptions commonOptions();
    }

    /**
     * The {@code ticker} option: the source of time for the durations and waits that a pattern measures.
     *
     * @param <B> the builder type
     */
    public interface TickerOption<B> extends Holder<B> {

        /**
         * The source of time for durations and waits; tests pass a fake. Default: the pattern's own, see its
         * configuration's {@code ticker()}.
         *
         * @throws InvalidConfigurationException when {@code null}
         */
        @SuppressWarnings("unchecked")
        default B ticker(Ticker ticker) {
            commonOptions().ticker = Checks.notNull("ticker", ticker);
            return (B) this;
        }
    }

    /**
     * The {@code clock} option.
     *
     * @param <B> the builder type
     */
    public interface ClockOption<B> extends Holder<B> {

        /**
         * The clock that timestamps {@link dev.resilience.core.event.ResilienceEvent}s. Default
         * {@link Clock#systemUTC()}.
         *
         * @throws InvalidConfigurationException when {@code null}
         */
        @SuppressWarnings("unchecked")
        default B clock(Clock clock) {
            commonOptions().clock = Checks.notNull("clock", clock);
            return (B) this;
        }
    }

    /**
     * The {@code scheduler} option.
     *
     * @param <B> the builder type
     */
    public interface SchedulerOption<B> extends Holder<B> {

        /**
         * Where the pattern schedules its timed work (the end of an asynchronous wait, a retry's next attempt,
         * an automatic transition, a timeout). Default: the library's shared daemon scheduler; no thread per
         * instance either way.
         *
         * @throws InvalidConfigurationException when {@code null}
         */
        @SuppressWarnings("unchecked")
        default B scheduler(ScheduledExecutorService scheduler) {
            commonOptions().scheduler = Checks.notNull("scheduler", scheduler);
            return (B) this;
        }
    }

    /**
     * The {@code writable-stack-trace-enabled} option.
     *
     * @param <B> the builder type
     */
    public interface StackTraceOption<B> extends Holder<B> {

        /**
         * {@code writable-stack-trace-enabled}: whether the pattern's rejections fill in their stack trace.
         * Default {@code false}: a rejection is cheap and its message says what happened.
         */
        @SuppressWarnings("unchecked")
        default B writableStackTraceEnabled(boolean enabled) {
            commonOptions().writableStackTraceEnabled = enabled;
            return (B) this;
        }
    }

    /**
     * The {@code task-decorator} option.
     *
     * @param <B> the builder type
     */
    public interface TaskDecoratorOption<B> extends Holder<B> {

        /**
         * Wraps each task that the pattern hands to another thread (a thread-pool bulkhead's pool, a timeout's
         * worker). It is applied on the submitting thread, so it can capture that thread's context (MDC,
         * security, tracing) and restore it around the task on the other thread. Default: the identity.
         *
         * @throws InvalidConfigurationException when {@code null}
         */
        @SuppressWarnings("unchecked")
        default B taskDecorator(Function<Runnable, Runnable> taskDecorator) {
            commonOptions().taskDecorator = Checks.notNull("task-decorator", taskDecorator);
            return (B) this;
        }
    }
}
