package dev.resilience.circuitbreaker;

import dev.resilience.circuitbreaker.spi.CircuitBreakerStore;
import dev.resilience.core.CommonOptions;
import dev.resilience.core.ExceptionClassifier;
import dev.resilience.core.InvalidConfigurationException;
import dev.resilience.core.Ticker;
import dev.resilience.core.internal.Checks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * The configuration of a {@link CircuitBreaker}: immutable, built with {@link #builder()}, {@link #from} or
 * {@link #ofDefaults()}. Every setting corresponds to a key of {@code resilience.circuit-breaker.*} in
 * {@code application.yml}; the builder method is the camelCase of the key ({@code failure-rate-threshold} is
 * {@link Builder#failureRateThreshold(float)}) and the defaults are resilience4j's.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>key</th><th>default</th></tr>
 *   <tr><td>{@code sliding-window-type}</td><td>{@link #DEFAULT_SLIDING_WINDOW_TYPE} (count-based)</td></tr>
 *   <tr><td>{@code sliding-window-size}</td><td>{@link #DEFAULT_SLIDING_WINDOW_SIZE} (calls, or seconds)</td></tr>
 *   <tr><td>{@code minimum-number-of-calls}</td><td>{@link #DEFAULT_MINIMUM_NUMBER_OF_CALLS}</td></tr>
 *   <tr><td>{@code failure-rate-threshold}</td><td>{@link #DEFAULT_FAILURE_RATE_THRESHOLD} percent</td></tr>
 *   <tr><td>{@code slow-call-rate-threshold}</td><td>{@link #DEFAULT_SLOW_CALL_RATE_THRESHOLD} percent</td></tr>
 *   <tr><td>{@code slow-call-duration-threshold}</td><td>{@link #DEFAULT_SLOW_CALL_DURATION_THRESHOLD} (60s)</td></tr>
 *   <tr><td>{@code permitted-number-of-calls-in-half-open-state}</td>
 *       <td>{@link #DEFAULT_PERMITTED_NUMBER_OF_CALLS_IN_HALF_OPEN_STATE}</td></tr>
 *   <tr><td>{@code max-wait-duration-in-half-open-state}</td>
 *       <td>{@link #DEFAULT_MAX_WAIT_DURATION_IN_HALF_OPEN_STATE} (0 = wait for the trial calls forever)</td></tr>
 *   <tr><td>{@code wait-duration-in-open-state}</td><td>{@link #DEFAULT_WAIT_DURATION_IN_OPEN_STATE} (60s)</td></tr>
 *   <tr><td>{@code automatic-transition-from-open-to-half-open-enabled}</td>
 *       <td>{@link #DEFAULT_AUTOMATIC_TRANSITION_FROM_OPEN_TO_HALF_OPEN_ENABLED}</td></tr>
 *   <tr><td>{@code record-exceptions} / {@code ignore-exceptions}</td><td>empty: every exception is a failure</td></tr>
 *   <tr><td>{@code writable-stack-trace-enabled}</td><td>{@link #DEFAULT_WRITABLE_STACK_TRACE_ENABLED}</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe; {@link Builder#build()} copies every collection, so a builder can be reused
 * and changed without affecting configurations it already built. A builder itself is not thread-safe.
 *
 * @see CircuitBreaker
 * @since 0.1.0
 */
public final class CircuitBreakerConfig {

    /** How the breaker remembers recent calls. */
    public enum SlidingWindowType {
        /** The last {@code sliding-window-size} calls. */
        COUNT_BASED,
        /** The calls of the last {@code sliding-window-size} seconds, kept in one bucket per second. */
        TIME_BASED
    }

    /** Default {@code sliding-window-type}: {@link SlidingWindowType#COUNT_BASED}. */
    public static final SlidingWindowType DEFAULT_SLIDING_WINDOW_TYPE = SlidingWindowType.COUNT_BASED;
    /** Default {@code sliding-window-size}: 100 (calls for a count-based window, seconds for a time-based one). */
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 100;
    /** Default {@code minimum-number-of-calls}: 100. */
    public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 100;
    /** Default {@code failure-rate-threshold}: 50 percent. */
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    /** Default {@code slow-call-rate-threshold}: 100 percent. */
    public static final float DEFAULT_SLOW_CALL_RATE_THRESHOLD = 100f;
    /** Default {@code slow-call-duration-threshold}: 60 seconds. */
    public static final Duration DEFAULT_SLOW_CALL_DURATION_THRESHOLD = Duration.ofSeconds(60);
    /** Default {@code permitted-number-of-calls-in-half-open-state}: 10. */
    public static final int DEFAULT_PERMITTED_NUMBER_OF_CALLS_IN_HALF_OPEN_STATE = 10;
    /** Default {@code max-wait-duration-in-half-open-state}: zero, meaning no limit. */
    public static final Duration DEFAULT_MAX_WAIT_DURATION_IN_HALF_OPEN_STATE = Duration.ZERO;
    /** Default {@code wait-duration-in-open-state}: 60 seconds. */
    public static final Duration DEFAULT_WAIT_DURATION_IN_OPEN_STATE = Duration.ofSeconds(60);
    /** Default {@code automatic-transition-from-open-to-half-open-enabled}: {@code false}. */
    public static final boolean DEFAULT_AUTOMATIC_TRANSITION_FROM_OPEN_TO_HALF_OPEN_ENABLED = false;
    /**
     * Default {@code writable-stack-trace-enabled}: {@code false}, so a rejection does not fill in a stack
     * trace (resilience4j's default is {@code true}; rejections happen in bulk exactly when a system is
     * overloaded, so we keep them cheap).
     */
    public static final boolean DEFAULT_WRITABLE_STACK_TRACE_ENABLED = false;

    /**
     * Largest {@code sliding-window-size} of a count-based window (and largest
     * {@code permitted-number-of-calls-in-half-open-state}): 1,000,000 calls. The lock-free window packs its
     * running totals into one 64-bit word, 21 bits per counter, which leaves room for a million calls in
     * flight at once on top of a full window.
     */
    public static final int MAX_COUNT_BASED_WINDOW_SIZE = 1_000_000;
    /** Largest {@code sliding-window-size} of a time-based window: 86,400 seconds (one day of buckets). */
    public static final int MAX_TIME_BASED_WINDOW_SIZE = 86_400;

    /**
     * The shortest duration for which the default ticker is {@link Ticker#coarse()}: 1 second. A millisecond of
     * error is then at most 0.1 %.
     */
    public static final Duration COARSE_TICKER_MIN_DURATION = Duration.ofSeconds(1);

    private static final CircuitBreakerConfig DEFAULTS = builder().build();

    private final SlidingWindowType slidingWindowType;
    private final int slidingWindowSize;
    private final int minimumNumberOfCalls;
    private final float failureRateThreshold;
    private final float slowCallRateThreshold;
    private final Duration slowCallDurationThreshold;
    private final int permittedNumberOfCallsInHalfOpenState;
    private final Duration maxWaitDurationInHalfOpenState;
    private final Duration waitDurationInOpenState;
    private final boolean automaticTransitionFromOpenToHalfOpenEnabled;
    private final List<Class<? extends Throwable>> recordExceptions;
    private final List<Class<? extends Throwable>> ignoreExceptions;
    private final Predicate<? super Throwable> recordExceptionPredicate;
    private final Predicate<? super Throwable> ignoreExceptionPredicate;
    private final Predicate<Object> recordResultPredicate;
    private final CommonOptions options;
    /** The ticker given to the builder, or else the one chosen from the durations. */
    private final Ticker ticker;
    private final CircuitBreakerStore.Factory storeFactory;
    private final ExceptionClassifier exceptionClassifier;

    private CircuitBreakerConfig(Builder b) {
        this.slidingWindowType = b.slidingWindowType;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumNumberOfCalls = b.minimumNumberOfCalls;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slowCallRateThreshold = b.slowCallRateThreshold;
        this.slowCallDurationThreshold = b.slowCallDurationThreshold;
        this.permittedNumberOfCallsInHalfOpenState = b.permittedNumberOfCallsInHalfOpenState;
        this.maxWaitDurationInHalfOpenState = b.maxWaitDurationInHalfOpenState;
        this.waitDurationInOpenState = b.waitDurationInOpenState;
        this.automaticTransitionFromOpenToHalfOpenEnabled = b.automaticTransitionFromOpenToHalfOpenEnabled;
        this.recordExceptions = List.copyOf(b.recordExceptions);
        this.ignoreExceptions = List.copyOf(b.ignoreExceptions);
        this.recordExceptionPredicate = b.recordExceptionPredicate;
        this.ignoreExceptionPredicate = b.ignoreExceptionPredicate;
        this.recordResultPredicate = b.recordResultPredicate;
        this.options = new CommonOptions(b.options);
        this.ticker = options.ticker(defaultTicker(slowCallDurationThreshold, waitDurationInOpenState,
                maxWaitDurationInHalfOpenState));
        this.storeFactory = b.storeFactory;
        this.exceptionClassifier = ExceptionClassifier.of(recordExceptions, ignoreExceptions, recordExceptionPredicate,
                ignoreExceptionPredicate);
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder pre-filled from {@code base}: how {@code base-config} inheritance works. Changing the builder
     * never changes {@code base}.
     */
    public static Builder from(CircuitBreakerConfig base) {
        return new Builder(Objects.requireNonNull(base, "base"));
    }

    /** The configuration with every setting at its default. */
    public static CircuitBreakerConfig ofDefaults() {
        return DEFAULTS;
    }

    /** {@code sliding-window-type}; default {@link #DEFAULT_SLIDING_WINDOW_TYPE}. */
    public SlidingWindowType slidingWindowType() {
        return slidingWindowType;
    }

    /**
     * {@code sliding-window-size}: calls for a count-based window, seconds for a time-based one; default
     * {@link #DEFAULT_SLIDING_WINDOW_SIZE}.
     */
    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /**
     * {@code minimum-number-of-calls}: how many calls the window must hold before rates are computed and the
     * breaker may trip; default {@link #DEFAULT_MINIMUM_NUMBER_OF_CALLS}. With a count-based window a value
     * above {@link #slidingWindowSize()} acts as the window size, since the window never holds more.
     */
    public int minimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    /** {@code failure-rate-threshold} in percent; the breaker opens when the failure rate is at or above it. */
    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    /** {@code slow-call-rate-threshold} in percent; the breaker opens when the slow-call rate is at or above it. */
    public float slowCallRateThreshold() {
        return slowCallRateThreshold;
    }

    /** {@code slow-call-duration-threshold}: a call that takes at least this long is slow. */
    public Duration slowCallDurationThreshold() {
        return slowCallDurationThreshold;
    }

    /** {@code permitted-number-of-calls-in-half-open-state}: the trial calls admitted in HALF_OPEN. */
    public int permittedNumberOfCallsInHalfOpenState() {
        return permittedNumberOfCallsInHalfOpenState;
    }

    /**
     * {@code max-wait-duration-in-half-open-state}: how long HALF_OPEN waits for its trial calls before
     * opening again; zero waits forever.
     */
    public Duration maxWaitDurationInHalfOpenState() {
        return maxWaitDurationInHalfOpenState;
    }

    /** {@code wait-duration-in-open-state}: how long OPEN rejects calls before a trial is allowed. */
    public Duration waitDurationInOpenState() {
        return waitDurationInOpenState;
    }

    /**
     * {@code automatic-transition-from-open-to-half-open-enabled}: when {@code true}, OPEN moves to HALF_OPEN
     * by itself after {@link #waitDurationInOpenState()} (one task on {@link #scheduler()} per open period);
     * when {@code false}, on the first call after it.
     */
    public boolean automaticTransitionFromOpenToHalfOpenEnabled() {
        return automaticTransitionFromOpenToHalfOpenEnabled;
    }

    /** {@code record-exceptions}: the exception types that count as failures (subclasses match). */
    public List<Class<? extends Throwable>> recordExceptions() {
        return recordExceptions;
    }

    /** {@code ignore-exceptions}: the exception types that do not count at all (subclasses match; ignore wins). */
    public List<Class<? extends Throwable>> ignoreExceptions() {
        return ignoreExceptions;
    }

    /** The predicate of {@link Builder#recordException(Predicate)}, or {@code null}. */
    public Predicate<? super Throwable> recordExceptionPredicate() {
        return recordExceptionPredicate;
    }

    /** The predicate of {@link Builder#ignoreException(Predicate)}, or {@code null}. */
    public Predicate<? super Throwable> ignoreExceptionPredicate() {
        return ignoreExceptionPredicate;
    }

    /** The predicate of {@link Builder#recordResult(Predicate)}, or {@code null} (no result is a failure). */
    public Predicate<Object> recordResultPredicate() {
        return recordResultPredicate;
    }

    /** Whether {@link CallNotPermittedException}s fill in their stack trace; default {@code false}. */
    public boolean writableStackTraceEnabled() {
        return options.writableStackTraceEnabled();
    }

    /**
     * The source of time for durations and waits: the one given to {@link Builder#ticker}, or else
     * {@link Ticker#coarse()} when every duration the breaker measures is at least
     * {@link #COARSE_TICKER_MIN_DURATION} (1 s), and {@link Ticker#system()} otherwise.
     *
     * <p>Why: a recording call reads the ticker twice (start and end, for slow-call detection), and with
     * {@code System.nanoTime()} those two reads are most of a protected call's cost. The coarse ticker is read
     * with one volatile load and is exact to about a millisecond; the durations given to listeners (and so to
     * the {@code resilience.circuitbreaker.calls} timer) then have millisecond resolution too: give
     * {@link Ticker#system()} to measure them to the nanosecond. A configuration built {@link #from from}
     * another keeps a ticker given to the other's builder, and otherwise chooses again from its own durations.
     */
    public Ticker ticker() {
        return ticker;
    }

    /**
     * The default ticker: coarse when the slow-call threshold, the open-state wait and the half-open maximum
     * wait (when set) are all at least a second, so a millisecond of error cannot change a decision that
     * matters; precise otherwise.
     */
    private static Ticker defaultTicker(Duration slowCallDurationThreshold, Duration waitDurationInOpenState,
            Duration maxWaitDurationInHalfOpenState) {
        boolean coarseEnough = slowCallDurationThreshold.compareTo(COARSE_TICKER_MIN_DURATION) >= 0
                && waitDurationInOpenState.compareTo(COARSE_TICKER_MIN_DURATION) >= 0
                && (maxWaitDurationInHalfOpenState.isZero()
                        || maxWaitDurationInHalfOpenState.compareTo(COARSE_TICKER_MIN_DURATION) >= 0);
        return coarseEnough ? Ticker.coarse() : Ticker.system();
    }

    /** The clock that timestamps events; default {@link Clock#systemUTC()}. */
    public Clock clock() {
        return options.clock();
    }

    /** Runs automatic transitions; default the library's shared daemon scheduler, started on first use. */
    public ScheduledExecutorService scheduler() {
        // Resolved on use, so a breaker that never schedules anything never touches the shared scheduler.
        return options.scheduler();
    }

    /** Creates the store that keeps the breaker's state and windows; default {@link CircuitBreakerStore#inMemory()}. */
    public CircuitBreakerStore.Factory storeFactory() {
        return storeFactory;
    }

    /** The classifier built from the record and ignore lists and the exception predicate. */
    public ExceptionClassifier exceptionClassifier() {
        return exceptionClassifier;
    }

    @Override
    public String toString() {
        return "CircuitBreakerConfig[slidingWindowType=" + slidingWindowType
                + ", slidingWindowSize=" + slidingWindowSize
                + ", minimumNumberOfCalls=" + minimumNumberOfCalls
                + ", failureRateThreshold=" + failureRateThreshold
                + ", slowCallRateThreshold=" + slowCallRateThreshold
                + ", slowCallDurationThreshold=" + slowCallDurationThreshold
                + ", permittedNumberOfCallsInHalfOpenState=" + permittedNumberOfCallsInHalfOpenState
                + ", maxWaitDurationInHalfOpenState=" + maxWaitDurationInHalfOpenState
                + ", waitDurationInOpenState=" + waitDurationInOpenState
                + ", automaticTransitionFromOpenToHalfOpenEnabled=" + automaticTransitionFromOpenToHalfOpenEnabled
                + ", recordExceptions=" + names(recordExceptions)
                + ", ignoreExceptions=" + names(ignoreExceptions)
                + (recordExceptionPredicate == null ? "" : ", recordException=" + recordExceptionPredicate)
                + (ignoreExceptionPredicate == null ? "" : ", ignoreException=" + ignoreExceptionPredicate)
                + (recordResultPredicate == null ? "" : ", recordResult=" + recordResultPredicate)
                + ", writableStackTraceEnabled=" + options.writableStackTraceEnabled() + "]";
    }

    private static List<String> names(List<Class<? extends Throwable>> types) {
        List<String> names = new ArrayList<>(types.size());
        for (Class<? extends Throwable> type : types) {
            names.add(type.getName());
        }
        return names;
    }

    /**
     * Builds a {@link CircuitBreakerConfig}. Every setter validates its argument at once and throws an
     * {@link InvalidConfigurationException} (an {@link IllegalArgumentException}) naming the kebab-case
     * property, the rejected value and the allowed range, e.g.
     * {@code Invalid 'failure-rate-threshold' (150.0): must be greater than 0 and at most 100}.
     * Not thread-safe.
     */
    public static final class Builder implements CommonOptions.StackTraceOption<Builder>,
            CommonOptions.TickerOption<Builder>, CommonOptions.ClockOption<Builder>,
            CommonOptions.SchedulerOption<Builder> {

        private SlidingWindowType slidingWindowType = DEFAULT_SLIDING_WINDOW_TYPE;
        private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
        private int minimumNumberOfCalls = DEFAULT_MINIMUM_NUMBER_OF_CALLS;
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private float slowCallRateThreshold = DEFAULT_SLOW_CALL_RATE_THRESHOLD;
        private Duration slowCallDurationThreshold = DEFAULT_SLOW_CALL_DURATION_THRESHOLD;
        private int permittedNumberOfCallsInHalfOpenState = DEFAULT_PERMITTED_NUMBER_OF_CALLS_IN_HALF_OPEN_STATE;
        private Duration maxWaitDurationInHalfOpenState = DEFAULT_MAX_WAIT_DURATION_IN_HALF_OPEN_STATE;
        private Duration waitDurationInOpenState = DEFAULT_WAIT_DURATION_IN_OPEN_STATE;
        private boolean automaticTransitionFromOpenToHalfOpenEnabled =
                DEFAULT_AUTOMATIC_TRANSITION_FROM_OPEN_TO_HALF_OPEN_ENABLED;
        private List<Class<? extends Throwable>> recordExceptions = List.of();
        private List<Class<? extends Throwable>> ignoreExceptions = List.of();
        private Predicate<? super Throwable> recordExceptionPredicate;
        private Predicate<? super Throwable> ignoreExceptionPredicate;
        private Predicate<Object> recordResultPredicate;
        private final CommonOptions options;
        private CircuitBreakerStore.Factory storeFactory = CircuitBreakerStore.inMemory();

        private Builder() {
            this.options = new CommonOptions();
        }

        private Builder(CircuitBreakerConfig base) {
            this.slidingWindowType = base.slidingWindowType;
            this.slidingWindowSize = base.slidingWindowSize;
            this.minimumNumberOfCalls = base.minimumNumberOfCalls;
            this.failureRateThreshold = base.failureRateThreshold;
            this.slowCallRateThreshold = base.slowCallRateThreshold;
            this.slowCallDurationThreshold = base.slowCallDurationThreshold;
            this.permittedNumberOfCallsInHalfOpenState = base.permittedNumberOfCallsInHalfOpenState;
            this.maxWaitDurationInHalfOpenState = base.maxWaitDurationInHalfOpenState;
            this.waitDurationInOpenState = base.waitDurationInOpenState;
            this.automaticTransitionFromOpenToHalfOpenEnabled = base.automaticTransitionFromOpenToHalfOpenEnabled;
            this.recordExceptions = base.recordExceptions;
            this.ignoreExceptions = base.ignoreExceptions;
            this.recordExceptionPredicate = base.recordExceptionPredicate;
            this.ignoreExceptionPredicate = base.ignoreExceptionPredicate;
            this.recordResultPredicate = base.recordResultPredicate;
            this.options = new CommonOptions(base.options);
            this.storeFactory = base.storeFactory;
        }

        /** {@code sliding-window-type}; default {@link SlidingWindowType#COUNT_BASED}. */
        public Builder slidingWindowType(SlidingWindowType type) {
            this.slidingWindowType = Checks.notNull("sliding-window-type", type);
            return this;
        }

        /**
         * {@code sliding-window-size}: the number of calls a count-based window holds (1 to
         * {@value CircuitBreakerConfig#MAX_COUNT_BASED_WINDOW_SIZE}), or the number of seconds a time-based
         * window covers (1 to {@value CircuitBreakerConfig#MAX_TIME_BASED_WINDOW_SIZE}, checked by
         * {@link #build()} since the type may be set later); default {@value #DEFAULT_SLIDING_WINDOW_SIZE}.
         */
        public Builder slidingWindowSize(int size) {
            this.slidingWindowSize = Checks.between("sliding-window-size", size, 1, MAX_COUNT_BASED_WINDOW_SIZE);
            return this;
        }

        /**
         * {@code minimum-number-of-calls}: at least 1; default {@value #DEFAULT_MINIMUM_NUMBER_OF_CALLS}. Rates
         * are reported as -1 and the breaker cannot trip until the window holds this many calls. With a
         * count-based window a value larger than the window size is effectively the window size (as in
         * resilience4j).
         */
        public Builder minimumNumberOfCalls(int minimumNumberOfCalls) {
            this.minimumNumberOfCalls = Checks.atLeast("minimum-number-of-calls", minimumNumberOfCalls, 1);
            return this;
        }

        /** {@code failure-rate-threshold} in percent, greater than 0 and at most 100; default 50. */
        public Builder failureRateThreshold(float percent) {
            this.failureRateThreshold = Checks.aboveAndAtMost("failure-rate-threshold", percent, 0, 100);
            return this;
        }

        /** {@code slow-call-rate-threshold} in percent, greater than 0 and at most 100; default 100. */
        public Builder slowCallRateThreshold(float percent) {
            this.slowCallRateThreshold = Checks.aboveAndAtMost("slow-call-rate-threshold", percent, 0, 100);
            return this;
        }

        /** {@code slow-call-duration-threshold}, greater than zero; default 60 seconds. */
        public Builder slowCallDurationThreshold(Duration threshold) {
            this.slowCallDurationThreshold = Checks.positive("slow-call-duration-threshold", threshold);
            return this;
        }

        /**
         * {@code permitted-number-of-calls-in-half-open-state}: 1 to
         * {@value CircuitBreakerConfig#MAX_COUNT_BASED_WINDOW_SIZE}; default 10.
         */
        public Builder permittedNumberOfCallsInHalfOpenState(int permittedCalls) {
            this.permittedNumberOfCallsInHalfOpenState = Checks.between(
                    "permitted-number-of-calls-in-half-open-state", permittedCalls, 1, MAX_COUNT_BASED_WINDOW_SIZE);
            return this;
        }

        /** {@code max-wait-duration-in-half-open-state}, not negative; zero (the default) means no limit. */
        public Builder maxWaitDurationInHalfOpenState(Duration maxWait) {
            this.maxWaitDurationInHalfOpenState = Checks.notNegative("max-wait-duration-in-half-open-state", maxWait);
            return this;
        }

        /** {@code wait-duration-in-open-state}, greater than zero; default 60 seconds. */
        public Builder waitDurationInOpenState(Duration wait) {
            this.waitDurationInOpenState = Checks.positive("wait-duration-in-open-state", wait);
            return this;
        }

        /** {@code automatic-transition-from-open-to-half-open-enabled}; default {@code false}. */
        public Builder automaticTransitionFromOpenToHalfOpenEnabled(boolean enabled) {
            this.automaticTransitionFromOpenToHalfOpenEnabled = enabled;
            return this;
        }

        /**
         * {@code record-exceptions}: only these exception types (and their subclasses), plus those accepted by
         * {@link #recordException(Predicate)}, count as failures; any other exception counts as a success.
         * Empty (the default) with no predicate: every exception that is not ignored is a failure. Replaces
         * earlier values.
         */
        @SafeVarargs
        public final Builder recordExceptions(Class<? extends Throwable>... types) {
            Checks.notNull("record-exceptions", types);
            List<Class<? extends Throwable>> list = new ArrayList<>(types.length);
            for (Class<? extends Throwable> type : types) {
                list.add(type);
            }
            return recordExceptions(list);
        }

        /** {@code record-exceptions} as a list; see {@link #recordExceptions(Class[])}. */
        public Builder recordExceptions(List<Class<? extends Throwable>> types) {
            this.recordExceptions = copyTypes("record-exceptions", types);
            return this;
        }

        /**
         * {@code ignore-exceptions}: these exception types (and their subclasses) count neither as success nor
         * as failure, and in HALF_OPEN give back the trial permit they used. Ignore wins over record. Replaces
         * earlier values.
         */
        @SafeVarargs
        public final Builder ignoreExceptions(Class<? extends Throwable>... types) {
            Checks.notNull("ignore-exceptions", types);
            List<Class<? extends Throwable>> list = new ArrayList<>(types.length);
            for (Class<? extends Throwable> type : types) {
                list.add(type);
            }
            return ignoreExceptions(list);
        }

        /** {@code ignore-exceptions} as a list; see {@link #ignoreExceptions(Class[])}. */
        public Builder ignoreExceptions(List<Class<? extends Throwable>> types) {
            this.ignoreExceptions = copyTypes("ignore-exceptions", types);
            return this;
        }

        /**
         * An exception the predicate accepts counts as a failure, in addition to {@code record-exceptions}
         * (ignored types still win). A predicate that throws makes the call count as a failure and its
         * exception reaches the caller. In YAML: {@code record-failure-predicate} (a class name).
         */
        public Builder recordException(Predicate<? super Throwable> predicate) {
            this.recordExceptionPredicate = Checks.notNull("record-exception", predicate);
            return this;
        }

        /**
         * An exception the predicate accepts counts neither as a failure nor as a success, like the
         * {@code ignore-exceptions} types (and in HALF_OPEN gives back the trial permit it used); it wins over
         * {@code record-exceptions} and {@link #recordException(Predicate)}. A predicate that throws makes the
         * call count as a failure and its exception reaches the caller. Called on the thread that completes
         * the call; must be thread-safe. In YAML: {@code ignore-exception-predicate} (a class name).
         */
        public Builder ignoreException(Predicate<? super Throwable> predicate) {
            this.ignoreExceptionPredicate = Checks.notNull("ignore-exception", predicate);
            return this;
        }

        /**
         * A returned value the predicate accepts counts as a failure (the value is still returned to the
         * caller). Listeners see it as an error of type {@link ResultRecordedAsFailureException}. A predicate
         * that throws makes the call count as a failure and its exception reaches the caller. In YAML:
         * {@code record-result-predicate} (a class name).
         */
        public Builder recordResult(Predicate<Object> predicate) {
            this.recordResultPredicate = Checks.notNull("record-result", predicate);
            return this;
        }

        /**
         * Creates the store that keeps each breaker's state and windows; default
         * {@link CircuitBreakerStore#inMemory()}. Applies when a breaker is created, not on reconfiguration.
         */
        public Builder storeFactory(CircuitBreakerStore.Factory storeFactory) {
            this.storeFactory = Checks.notNull("store", storeFactory);
            return this;
        }

        @Override
        public CommonOptions commonOptions() {
            return options;
        }

        /**
         * Builds the configuration.
         *
         * @throws InvalidConfigurationException when a time-based window is longer than
         *         {@value CircuitBreakerConfig#MAX_TIME_BASED_WINDOW_SIZE} seconds
         */
        public CircuitBreakerConfig build() {
            if (slidingWindowType == SlidingWindowType.TIME_BASED && slidingWindowSize > MAX_TIME_BASED_WINDOW_SIZE) {
                throw new InvalidConfigurationException("sliding-window-size", slidingWindowSize,
                        "must be between 1 and " + MAX_TIME_BASED_WINDOW_SIZE + " (seconds) for a time-based window");
            }
            return new CircuitBreakerConfig(this);
        }

        private static List<Class<? extends Throwable>> copyTypes(String property,
                List<Class<? extends Throwable>> types) {
            Checks.notNull(property, types);
            List<Class<? extends Throwable>> copy = new ArrayList<>(types.size());
            for (Class<? extends Throwable> type : types) {
                copy.add(Checks.notNull(property, type));
            }
            return List.copyOf(copy);
        }
    }
}
