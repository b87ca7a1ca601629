package dev.resilience.retry;

import dev.resilience.core.CommonOptions;
import dev.resilience.core.ConflictingConfigurationException;
import dev.resilience.core.ExceptionClassifier;
import dev.resilience.core.InvalidConfigurationException;
import dev.resilience.core.Ticker;
import dev.resilience.core.internal.Checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import dev.resilience.timeout.TimeoutExceededException;
import java.util.function.Predicate;

/**
 * The immutable configuration of a {@link Retry}: how many attempts, how long to wait between them, and which
 * outcomes are retried. Property names follow the YAML keys under {@code resilience.retry}.
 *
 * <h2>Waits</h2>
 * The wait before retry number {@code n} (1 for the first retry) is computed in this order:
 * <ol>
 *   <li>{@code wait-duration}, multiplied by {@code exponential-backoff-multiplier^(n-1)} when
 *       {@code enable-exponential-backoff} is set;</li>
 *   <li>with exponential backoff, capped at {@code exponential-max-wait-duration};</li>
 *   <li>when {@code enable-randomized-wait} is set, drawn uniformly from
 *       {@code [w * (1 - randomized-wait-factor), w * (1 + randomized-wait-factor)]} around that value
 *       {@code w};</li>
 *   <li>with exponential backoff, capped again, so that the cap is a hard bound that randomization never
 *       exceeds.</li>
 * </ol>
 * Both switches may be on together (randomized exponential backoff, the usual "jitter"). A custom
 * {@link IntervalFunction} replaces all of this and may not be combined with either switch.
 *
 * <h2>What is retried</h2>
 * An exception is retried when it is not among {@code ignore-exceptions} (ignore wins; subclasses match) and it
 * is among {@code retry-exceptions} or accepted by {@link Builder#retryOnException(Predicate)}. When neither a
 * list nor a predicate is given, every {@link Exception} is retried but no {@link Error}. An
 * {@link InterruptedException} is never retried: an interrupt asks the thread to stop. A result is retried when
 * {@link Builder#retryOnResult(Predicate)} accepts it. After the last attempt the caller receives the last
 * failure unchanged, or the last result when it was a result that kept being rejected.
 *
 * <h2>Presets</h2>
 * {@link #ofDefaults()} (contract defaults), {@link #aggressive()}, {@link #conservative()} and
 * {@link #network()}; start a variant of one with {@link #from(RetryConfig)}.
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 *
 * @see Retry
 * @since 0.1.0
 */
public final class RetryConfig {

    /** Default {@code max-attempts}: {@value}, counting the first call. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /** Default {@code wait-duration}: 500 ms. */
    public static final Duration DEFAULT_WAIT_DURATION = Duration.ofMillis(500);

    /** Default {@code enable-exponential-backoff}: {@value}. */
    public static final boolean DEFAULT_ENABLE_EXPONENTIAL_BACKOFF = false;

    /** Default {@code exponential-backoff-multiplier}: {@value}. */
    public static final double DEFAULT_EXPONENTIAL_BACKOFF_MULTIPLIER = 2.0;

    /**
     * Default {@code exponential-max-wait-duration}: unbounded, represented by the longest duration that fits in
     * a {@code long} of nanoseconds (about 292 years).
     */
    public static final Duration DEFAULT_EXPONENTIAL_MAX_WAIT_DURATION = Duration.ofNanos(Long.MAX_VALUE);

    /** Default {@code enable-randomized-wait}: {@value}. */
    public static final boolean DEFAULT_ENABLE_RANDOMIZED_WAIT = false;

    /** Default {@code randomized-wait-factor}: {@value}. */
    public static final double DEFAULT_RANDOMIZED_WAIT_FACTOR = 0.5;

    private static final RetryConfig DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration waitDuration;
    private final boolean exponentialBackoff;
    private final double multiplier;
    private final Duration exponentialMaxWaitDuration;
    private final boolean randomizedWait;
    private final double randomizedWaitFactor;
    private final List<Class<? extends Throwable>> retryExceptions;
    private final List<Class<? extends Throwable>> ignoreExceptions;
    private final Predicate<? super Throwable> retryOnException;
    private final Predicate<Object> retryOnResult;
    private final RetryBudget retryBudget;
    private final Sleeper sleeper;
    private final CommonOptions options;
    private final IntervalFunction intervalFunction;

    // Derived once, read on every call.
    private final ExceptionClassifier classifier;
    private final long waitNanos;
    private final long maxWaitNanos;

    private RetryConfig(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.waitDuration = builder.waitDuration;
        this.exponentialBackoff = builder.exponentialBackoff;
        this.multiplier = builder.multiplier;
        this.exponentialMaxWaitDuration = builder.exponentialMaxWaitDuration;
        this.randomizedWait = builder.randomizedWait;
        this.randomizedWaitFactor = builder.randomizedWaitFactor;
        this.retryExceptions = List.copyOf(builder.retryExceptions);
        this.ignoreExceptions = List.copyOf(builder.ignoreExceptions);
        this.retryOnException = builder.retryOnException;
        this.retryOnResult = builder.retryOnResult;
        this.retryBudget = builder.retryBudget;
        this.sleeper = builder.sleeper;
        this.options = new CommonOptions(builder.options);
        this.intervalFunction = builder.intervalFunction;
        // "No list and no predicate" means every Exception but no Error: the classifier's own default would
        // retry Errors too.
        this.classifier = retryExceptions.isEmpty() && retryOnException == null
                ? ExceptionClassifier.of(List.of(Exception.class), ignoreExceptions, null)
                : ExceptionClassifier.of(retryExceptions, ignoreExceptions, retryOnException);
        this.waitNanos = saturatedNanos(waitDuration);
        this.maxWaitNanos = saturatedNanos(exponentialMaxWaitDuration);
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder pre-filled with every setting of {@code base}: how {@code base-config} inheritance works. The
     * builder's {@code build()} returns a new configuration; {@code base} is unchanged.
     */
    public static Builder from(RetryConfig base) {
        return new Builder(Objects.requireNonNull(base, "base"));
    }

    /** The defaults of the contract: 3 attempts, 500 ms fixed wait, every {@link Exception} retried. */
    public static RetryConfig ofDefaults() {
        return DEFAULTS;
    }

    /** The same as {@link #ofDefaults()}. */
    public static RetryConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Many fast retries, for cheap idempotent calls to a dependency that usually recovers within a second:
     * 5 attempts, exponential backoff from 100 ms with multiplier 2 capped at 2 s, randomized by 0.5
     * (waits of about 100, 200, 400, 800 ms, each within ±50 %).
     */
    public static RetryConfig aggressive() {
        return builder().maxAttempts(5).waitDuration(Duration.ofMillis(100))
                .enableExponentialBackoff(true).exponentialBackoffMultiplier(2.0)
                .exponentialMaxWaitDuration(Duration.ofSeconds(2))
                .enableRandomizedWait(true).randomizedWaitFactor(0.5)
                .build();
    }

    /**
     * Few, slow retries, for expensive calls or a dependency that must not be pressed: 3 attempts, a fixed
     * 2 s wait randomized by 0.5 (each wait between 1 and 3 s), so that callers failing together spread out.
     */
    public static RetryConfig conservative() {
        return builder().maxAttempts(3).waitDuration(Duration.ofSeconds(2))
                .enableRandomizedWait(true).randomizedWaitFactor(0.5)
                .build();
    }

    /**
     * For remote calls: only network failures are retried, that is {@link IOException} (which covers
     * {@code ConnectException}, {@code SocketTimeoutException}, {@code UnknownHostException},
     * {@code HttpTimeoutException}...), {@link UncheckedIOException} and {@link TimeoutException}; 4 attempts,
     * exponential backoff from 200 ms with multiplier 2 capped at 5 s, randomized by 0.5.
     */
    public static RetryConfig network() {
        return builder().maxAttempts(4).waitDuration(Duration.ofMillis(200))
                .enableExponentialBackoff(true).exponentialBackoffMultiplier(2.0)
                .exponentialMaxWaitDuration(Duration.ofSeconds(5))
                .enableRandomizedWait(true).randomizedWaitFactor(0.5)
                .retryExceptions(List.of(IOException.class, UncheckedIOException.class, TimeoutException.class,
                        TimeoutExceededException.class))
                .build();
    }

    /** {@code max-attempts}: attempts in all, the first call included; at least 1. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** {@code wait-duration}: the wait before the first retry (and every retry without backoff). */
    public Duration waitDuration() {
        return waitDuration;
    }

    /** {@code enable-exponential-backoff}. */
    public boolean exponentialBackoffEnabled() {
        return exponentialBackoff;
    }

    /** {@code exponential-backoff-multiplier}: at least 1. */
    public double exponentialBackoffMultiplier() {
        return multiplier;
    }

    /**
     * {@code exponential-max-wait-duration}: the longest wait with exponential backoff;
     * {@link #DEFAULT_EXPONENTIAL_MAX_WAIT_DURATION} when unbounded.
     */
    public Duration exponentialMaxWaitDuration() {
        return exponentialMaxWaitDuration;
    }

    /** {@code enable-randomized-wait}. */
    public boolean randomizedWaitEnabled() {
        return randomizedWait;
    }

    /** {@code randomized-wait-factor}: in {@code [0, 1)}. */
    public double randomizedWaitFactor() {
        return randomizedWaitFactor;
    }

    /** {@code retry-exceptions}, as given (empty: see the class comment). */
    public List<Class<? extends Throwable>> retryExceptions() {
        return retryExceptions;
    }

    /** {@code ignore-exceptions}, as given. */
    public List<Class<? extends Throwable>> ignoreExceptions() {
        return ignoreExceptions;
    }

    /** The predicate deciding which exceptions are retried besides {@link #retryExceptions()}, if any. */
    public Optional<Predicate<? super Throwable>> retryOnException() {
        return Optional.ofNullable(retryOnException);
    }

    /** The predicate deciding which results are retried, if any. */
    public Optional<Predicate<Object>> retryOnResult() {
        return Optional.ofNullable(retryOnResult);
    }

    /** The retry budget, if any. */
    public Optional<RetryBudget> retryBudget() {
        return Optional.ofNullable(retryBudget);
    }

    /** The custom interval function, if any. */
    public Optional<IntervalFunction> intervalFunction() {
        return Optional.ofNullable(intervalFunction);
    }

    /** What synchronous retries wait with. */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** What asynchronous retries schedule their next attempt on: the configured one, or the shared scheduler. */
    public ScheduledExecutorService scheduler() {
        return options.scheduler();
    }

    /** The configured time source (the retry itself needs no time: see {@link Builder#ticker(Ticker)}). */
    public Ticker ticker() {
        return options.ticker(Ticker.system());
    }

    /** The clock that timestamps events. */
    public Clock clock() {
        return options.clock();
    }

    /**
     * The wait before the next attempt, following the rules of the class comment.
     *
     * @param attempt attempts made so far, all failed (1 before the first retry)
     * @param lastFailure what the last attempt threw, or {@code null} for a rejected result
     * @return the wait in nanoseconds, never negative
     */
    long waitNanos(int attempt, Throwable lastFailure) {
        if (intervalFunction != null) {
            Duration custom = intervalFunction.waitDuration(attempt, lastFailure);
            return custom == null || custom.isNegative() ? 0 : saturatedNanos(custom);
        }
        if (!exponentialBackoff && !randomizedWait) {
            return waitNanos;
        }
        double wait = waitNanos;
        if (exponentialBackoff) {
            // Infinity when it overflows; the cap brings it back.
            wait = Math.min(wait * Math.pow(multiplier, attempt - 1), maxWaitNanos);
        }
        if (randomizedWait) {
            double delta = randomizedWaitFactor * wait;
            wait = wait - delta + ThreadLocalRandom.current().nextDouble() * (2 * delta);
            if (exponentialBackoff) {
                wait = Math.min(wait, maxWaitNanos);
            }
        }
        // A double above Long.MAX_VALUE narrows to Long.MAX_VALUE.
        return (long) wait;
    }

    /** Whether an exception thrown by an attempt is retried (lists, predicate, never interrupts). */
    boolean isRetryable(Throwable failure) {
        return !(failure instanceof InterruptedException) && classifier.isRecorded(failure);
    }

    /** Whether a result is retried. */
    boolean isRetriedResult(Object result) {
        return retryOnResult != null && retryOnResult.test(result);
    }

    /** The budget or {@code null}, without an {@code Optional} on the hot path. */
    RetryBudget budgetOrNull() {
        return retryBudget;
    }

    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("RetryConfig[maxAttempts=").append(maxAttempts);
        if (intervalFunction != null) {
            text.append(", intervalFunction=").append(intervalFunction);
        } else {
            text.append(", waitDuration=").append(waitDuration);
            if (exponentialBackoff) {
                text.append(", exponentialBackoffMultiplier=").append(multiplier);
                if (maxWaitNanos != Long.MAX_VALUE) {
                    text.append(", exponentialMaxWaitDuration=").append(exponentialMaxWaitDuration);
                }
            }
            if (randomizedWait) {
                text.append(", randomizedWaitFactor=").append(randomizedWaitFactor);
            }
        }
        if (!retryExceptions.isEmpty()) {
            text.append(", retryExceptions=").append(names(retryExceptions));
        }
        if (!ignoreExceptions.isEmpty()) {
            text.append(", ignoreExceptions=").append(names(ignoreExceptions));
        }
        if (retryOnException != null) {
            text.append(", retryOnException=").append(retryOnException);
        }
        if (retryOnResult != null) {
            text.append(", retryOnResult=").append(retryOnResult);
        }
        if (retryBudget != null) {
            text.append(", retryBudget=").append(retryBudget);
        }
        return text.append(']').toString();
    }

    private static List<String> names(List<Class<? extends Throwable>> types) {
        List<String> names = new ArrayList<>(types.size());
        for (Class<? extends Throwable> type : types) {
            names.add(type.getSimpleName());
        }
        return names;
    }

    /**
     * Builds a {@link RetryConfig}. Each method validates its value at once and throws an
     * {@link InvalidConfigurationException} naming the YAML property; {@link #build()} rejects contradictory
     * combinations with an {@link IllegalStateException}. Setting a value twice keeps the last one (that is how
     * {@link RetryConfig#from} overrides a base). Not thread-safe; reusable: every {@code build()} returns an
     * independent configuration.
     *
     * @since 0.1.0
     */
    public static final class Builder
            implements CommonOptions.TickerOption<Builder>,
            CommonOptions.ClockOption<Builder>, CommonOptions.SchedulerOption<Builder> {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration waitDuration = DEFAULT_WAIT_DURATION;
        private boolean exponentialBackoff = DEFAULT_ENABLE_EXPONENTIAL_BACKOFF;
        private double multiplier = DEFAULT_EXPONENTIAL_BACKOFF_MULTIPLIER;
        private Duration exponentialMaxWaitDuration = DEFAULT_EXPONENTIAL_MAX_WAIT_DURATION;
        private boolean randomizedWait = DEFAULT_ENABLE_RANDOMIZED_WAIT;
        private double randomizedWaitFactor = DEFAULT_RANDOMIZED_WAIT_FACTOR;
        private List<Class<? extends Throwable>> retryExceptions = List.of();
        private List<Class<? extends Throwable>> ignoreExceptions = List.of();
        private Predicate<? super Throwable> retryOnException;
        private Predicate<Object> retryOnResult;
        private RetryBudget retryBudget;
        private Sleeper sleeper = Sleeper.system();
        private final CommonOptions options;
        private IntervalFunction intervalFunction;

        private Builder() {
            this.options = new CommonOptions();
        }

        private Builder(RetryConfig base) {
            this.maxAttempts = base.maxAttempts;
            this.waitDuration = base.waitDuration;
            this.exponentialBackoff = base.exponentialBackoff;
            this.multiplier = base.multiplier;
            this.exponentialMaxWaitDuration = base.exponentialMaxWaitDuration;
            this.randomizedWait = base.randomizedWait;
            this.randomizedWaitFactor = base.randomizedWaitFactor;
            this.retryExceptions = base.retryExceptions;
            this.ignoreExceptions = base.ignoreExceptions;
            this.retryOnException = base.retryOnException;
            this.retryOnResult = base.retryOnResult;
            this.retryBudget = base.retryBudget;
            this.sleeper = base.sleeper;
            this.options = new CommonOptions(base.options);
            this.intervalFunction = base.intervalFunction;
        }

        /**
         * {@code max-attempts}: attempts in all, counting the first call; 1 means no retry. Default
         * {@value #DEFAULT_MAX_ATTEMPTS}.
         *
         * @throws InvalidConfigurationException when less than 1
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = Checks.atLeast("max-attempts", maxAttempts, 1);
            return this;
        }

        /**
         * {@code wait-duration}: the wait before a retry, and the initial wait of exponential backoff. Zero
         * retries at once. Default 500 ms.
         *
         * @throws InvalidConfigurationException when {@code null} or negative
         */
        public Builder waitDuration(Duration waitDuration) {
            this.waitDuration = Checks.notNegative("wait-duration", waitDuration);
            return this;
        }

        /**
         * {@code enable-exponential-backoff}: multiply the wait by {@code exponential-backoff-multiplier} after
         * each retry, up to {@code exponential-max-wait-duration}. Default {@code false}.
         */
        public Builder enableExponentialBackoff(boolean enable) {
            this.exponentialBackoff = enable;
            return this;
        }

        /**
         * {@code exponential-backoff-multiplier}: the factor between two consecutive waits with exponential
         * backoff. Default {@value #DEFAULT_EXPONENTIAL_BACKOFF_MULTIPLIER}. 1 is allowed and gives fixed waits;
         * below 1 waits would shrink, which is never what backoff means, so it is rejected.
         *
         * @throws InvalidConfigurationException when less than 1, infinite or not a number
         */
        public Builder exponentialBackoffMultiplier(double multiplier) {
            if (!(multiplier >= 1 && multiplier < Double.POSITIVE_INFINITY)) {
                throw new InvalidConfigurationException("exponential-backoff-multiplier", multiplier,
                        "must be at least 1 and finite");
            }
            this.multiplier = multiplier;
            return this;
        }

        /**
         * {@code exponential-max-wait-duration}: the longest wait with exponential backoff; a hard bound that
         * randomization never exceeds. Default unbounded. Ignored without exponential backoff.
         *
         * @throws InvalidConfigurationException when {@code null}, zero or negative
         */
        public Builder exponentialMaxWaitDuration(Duration maxWaitDuration) {
            this.exponentialMaxWaitDuration = Checks.positive("exponential-max-wait-duration", maxWaitDuration);
            return this;
        }

        /**
         * {@code enable-randomized-wait}: spread each wait uniformly over ± {@code randomized-wait-factor} of
         * itself, so that callers that failed together do not retry together. Default {@code false}.
         */
        public Builder enableRandomizedWait(boolean enable) {
            this.randomizedWait = enable;
            return this;
        }

        /**
         * {@code randomized-wait-factor}: how far a randomized wait may stray, as a share of the wait. Default
         * {@value #DEFAULT_RANDOMIZED_WAIT_FACTOR} (a 1 s wait becomes 0.5 to 1.5 s). Ignored without randomized
         * waits.
         *
         * @throws InvalidConfigurationException when not in {@code [0, 1)}
         */
        public Builder randomizedWaitFactor(double factor) {
            if (!(factor >= 0 && factor < 1)) {
                throw new InvalidConfigurationException("randomized-wait-factor", factor,
                        "must be at least 0 and less than 1");
            }
            this.randomizedWaitFactor = factor;
            return this;
        }

        /**
         * {@code retry-exceptions}: the exception types that are retried, subclasses included; replaces any
         * earlier list. Empty (the default) with no {@link #retryOnException predicate}: every
         * {@link Exception}.
         *
         * @throws InvalidConfigurationException when the array or an element is {@code null}
         */
        @SafeVarargs
        @SuppressWarnings("varargs") // the array is only read, never stored or exposed
        public final Builder retryExceptions(Class<? extends Throwable>... types) {
            return retryExceptions(types == null ? null : Arrays.asList(types));
        }

        /** {@code retry-exceptions}, as a list; see {@link #retryExceptions(Class[])}. */
        public Builder retryExceptions(List<Class<? extends Throwable>> types) {
            this.retryExceptions = types("retry-exceptions", types);
            return this;
        }

        /**
         * {@code ignore-exceptions}: exception types that are never retried, subclasses included, even when
         * they also match {@code retry-exceptions} or the predicate; replaces any earlier list. The caller gets
         * them at once, unchanged.
         *
         * @throws InvalidConfigurationException when the array or an element is {@code null}
         */
        @SafeVarargs
        @SuppressWarnings("varargs") // the array is only read, never stored or exposed
        public final Builder ignoreExceptions(Class<? extends Throwable>... types) {
            return ignoreExceptions(types == null ? null : Arrays.asList(types));
        }

        /** {@code ignore-exceptions}, as a list; see {@link #ignoreExceptions(Class[])}. */
        public Builder ignoreExceptions(List<Class<? extends Throwable>> types) {
            this.ignoreExceptions = types("ignore-exceptions", types);
            return this;
        }

        /**
         * Retries exceptions the predicate accepts, in addition to {@code retry-exceptions}; with no list, only
         * those. {@code ignore-exceptions} still wins. Called on the retrying thread; must be thread-safe.
         * {@code null} removes it.
         */
        public Builder retryOnException(Predicate<? super Throwable> predicate) {
            this.retryOnException = predicate;
            return this;
        }

        /**
         * Retries when the call returns a result the predicate accepts (for example an HTTP 503 response).
         * When the last attempt's result is still accepted, the caller receives that result. Called on the
         * retrying thread with the result ({@code null} included); must be thread-safe. Default none;
         * {@code null} removes it.
         */
        public Builder retryOnResult(Predicate<Object> predicate) {
            this.retryOnResult = predicate;
            return this;
        }

        /**
         * Limits retries to a share of recent calls; may be shared by several retries. Default none
         * (unlimited); {@code null} removes it.
         */
        public Builder retryBudget(RetryBudget budget) {
            this.retryBudget = budget;
            return this;
        }

        /**
         * What synchronous retries wait with. Default {@link Sleeper#system()}; see {@link Sleeper} for how an
         * interrupt during a wait ends the call.
         *
         * @throws InvalidConfigurationException when {@code null}
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Checks.notNull("sleeper", sleeper);
            return this;
        }

        /**
         * A custom wait rule replacing {@code wait-duration}, exponential backoff and randomized waits.
         * {@code null} removes it.
         */
        public Builder intervalFunction(IntervalFunction intervalFunction) {
            this.intervalFunction = intervalFunction;
            return this;
        }

        @Override
        public CommonOptions commonOptions() {
            return options;
        }

        /**
         * A new configuration.
         *
         * @throws IllegalStateException when an {@link IntervalFunction} is set together with exponential
         *         backoff or randomized waits; a {@link ConflictingConfigurationException} (naming
         *         {@code exponential-max-wait-duration}) when with exponential backoff
         *         {@code exponential-max-wait-duration} is shorter than {@code wait-duration}
         */
        public RetryConfig build() {
            if (intervalFunction != null && (exponentialBackoff || randomizedWait)) {
                throw new IllegalStateException("A custom interval function replaces 'enable-exponential-backoff' and "
                        + "'enable-randomized-wait'; turn them off or remove the interval function");
            }
            if (exponentialBackoff && exponentialMaxWaitDuration.compareTo(waitDuration) < 0) {
                throw new ConflictingConfigurationException("exponential-max-wait-duration", exponentialMaxWaitDuration,
                        "must not be shorter than 'wait-duration' (" + waitDuration
                                + ") when 'enable-exponential-backoff' is true");
            }
            return new RetryConfig(this);
        }

        private static List<Class<? extends Throwable>> types(String property,
                List<Class<? extends Throwable>> types) {
            Checks.notNull(property, types);
            for (Class<? extends Throwable> type : types) {
                if (type == null) {
                    throw new InvalidConfigurationException(property, types, "must not contain null");
                }
            }
            return List.copyOf(types);
        }
    }
}
