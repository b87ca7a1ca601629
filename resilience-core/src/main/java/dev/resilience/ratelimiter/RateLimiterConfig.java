package dev.resilience.ratelimiter;

import dev.resilience.core.CommonOptions;
import dev.resilience.core.Ticker;
import dev.resilience.core.internal.Checks;
import dev.resilience.core.internal.DurationFormat;
import dev.resilience.ratelimiter.spi.RateLimiterStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The configuration of a {@link RateLimiter} (and of a {@link KeyedRateLimiter}, which applies it to every key):
 * at most {@link #limitForPeriod()} permits per {@link #limitRefreshPeriod()}, and how long a caller may wait
 * for one ({@link #timeoutDuration()}).
 *
 * <p>Property names follow the YAML keys under {@code resilience.rate-limiter}: builder method
 * {@code limitForPeriod} is {@code limit-for-period}, and so on. Defaults follow resilience4j's except
 * {@code limit-refresh-period}, which is {@link #DEFAULT_LIMIT_REFRESH_PERIOD 1s} here (resilience4j: 500ns).
 *
 * <pre>{@code
 * RateLimiterConfig config = RateLimiterConfig.builder()
 *         .limitForPeriod(100)
 *         .limitRefreshPeriod(Duration.ofSeconds(1))
 *         .timeoutDuration(Duration.ofMillis(250))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @see RateLimiter#of(String, RateLimiterConfig)
 * @since 0.1.0
 */
public final class RateLimiterConfig {

    /** Default of {@code limit-for-period}: 50 permits per period. */
    public static final int DEFAULT_LIMIT_FOR_PERIOD = 50;

    /** Default of {@code limit-refresh-period}: 1 second (resilience4j's default is 500ns). */
    public static final Duration DEFAULT_LIMIT_REFRESH_PERIOD = Duration.ofSeconds(1);

    /** Default of {@code timeout-duration}: zero, a call that finds no permit is rejected at once. */
    public static final Duration DEFAULT_TIMEOUT_DURATION = Duration.ZERO;

    /** Default of {@code max-keys}: a keyed limiter holds at most 10,000 keys. */
    public static final int DEFAULT_MAX_KEYS = 10_000;

    /** Default of {@code writable-stack-trace-enabled}: rejections carry no stack trace, so they stay cheap. */
    public static final boolean DEFAULT_WRITABLE_STACK_TRACE_ENABLED = false;

    /**
     * The shortest {@code limit-refresh-period} for which the default ticker is {@link Ticker#coarse()}: 1
     * second. A millisecond of error on where a period starts is then at most 0.1 %.
     */
    public static final Duration COARSE_TICKER_MIN_PERIOD = Duration.ofSeconds(1);

    private static final RateLimiterConfig DEFAULTS = new Builder().build();

    private final int limitForPeriod;
    private final Duration limitRefreshPeriod;
    private final Duration timeoutDuration;
    private final int maxKeys;
    private final CommonOptions options;
    /** The ticker given to the builder, or else the one chosen from the durations. */
    private final Ticker ticker;
    private final RateLimiterStore.Factory storeFactory;

    private RateLimiterConfig(Builder builder) {
        this.limitForPeriod = builder.limitForPeriod;
        this.limitRefreshPeriod = builder.limitRefreshPeriod;
        this.timeoutDuration = builder.timeoutDuration;
        this.maxKeys = builder.maxKeys;
        this.options = new CommonOptions(builder.options);
        this.ticker = options.ticker(
                limitRefreshPeriod.compareTo(COARSE_TICKER_MIN_PERIOD) >= 0 ? Ticker.coarse() : Ticker.system());
        this.storeFactory = builder.storeFactory;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder pre-filled from {@code base}: how {@code base-config} inheritance works. Changing the builder
     * never changes {@code base}.
     */
    public static Builder from(RateLimiterConfig base) {
        return new Builder(Objects.requireNonNull(base, "base"));
    }

    /** The configuration with every default. */
    public static RateLimiterConfig ofDefaults() {
        return DEFAULTS;
    }

    /** {@code limit-for-period}: permits available in each period, {@code >= 1}. */
    public int limitForPeriod() {
        return limitForPeriod;
    }

    /** {@code limit-refresh-period}: the length of one period; at its end the permits are renewed. */
    public Duration limitRefreshPeriod() {
        return limitRefreshPeriod;
    }

    /** {@code timeout-duration}: the longest a caller waits for a permit; zero = reject at once. */
    public Duration timeoutDuration() {
        return timeoutDuration;
    }

    /** {@code max-keys}: how many keys a {@link KeyedRateLimiter} holds at most. */
    public int maxKeys() {
        return maxKeys;
    }

    /** {@code writable-stack-trace-enabled}: whether {@link RateLimitExceededException}s record a stack trace. */
    public boolean writableStackTraceEnabled() {
        return options.writableStackTraceEnabled();
    }

    /**
     * The source of time that cuts periods: the one given to {@link Builder#ticker}, or else
     * {@link Ticker#coarse()} when {@code limit-refresh-period} is at least {@link #COARSE_TICKER_MIN_PERIOD}
     * (1 s, the default) and {@link Ticker#system()} for shorter periods: the coarse ticker is one volatile
     * read, exact to about a millisecond, which is negligible against such a period. Give {@link Ticker#system()}
     * to keep nanosecond precision with long periods. A configuration built {@link #from from} another keeps a
     * ticker given to the other's builder, and otherwise chooses again from its own period.
     */
    public Ticker ticker() {
        return ticker;
    }

    /** The clock that stamps {@link dev.resilience.core.event.ResilienceEvent}s; {@link Clock#systemUTC()} unless set. */
    public Clock clock() {
        return options.clock();
    }

    /**
     * The scheduler that starts asynchronous calls whose permit is reserved in a later period (its delay is
     * measured by the scheduler itself, in system time): the one given, or else the library's shared daemon
     * scheduler. The limiter never shuts it down.
     */
    public ScheduledExecutorService scheduler() {
        return options.scheduler();
    }

    /** Where the limiter keeps its state ({@code store}); {@link RateLimiterStore#inMemory()} unless set. */
    public RateLimiterStore.Factory storeFactory() {
        return storeFactory;
    }

    /**
     * As {@link #storeFactory()}.
     *
     * @deprecated the same option is called {@code storeFactory} on every pattern; use {@link #storeFactory()}
     */
    @Deprecated(since = "0.2.0")
    public RateLimiterStore.Factory store() {
        return storeFactory;
    }

    @Override
    public String toString() {
        return "RateLimiterConfig[limitForPeriod=" + limitForPeriod
                + ", limitRefreshPeriod=" + DurationFormat.format(limitRefreshPeriod)
                + ", timeoutDuration=" + DurationFormat.format(timeoutDuration)
                + ", maxKeys=" + maxKeys
                + ", writableStackTraceEnabled=" + options.writableStackTraceEnabled() + "]";
    }

    /**
     * Builds a {@link RateLimiterConfig}. Each setter validates its value and throws an
     * {@link dev.resilience.core.InvalidConfigurationException} (an {@code IllegalArgumentException}) naming the
     * YAML property, for example {@code Invalid 'limit-for-period' (0): must be at least 1}. {@link #build()}
     * copies the values, so a builder can be reused. Not thread-safe.
     */
    public static final class Builder implements CommonOptions.StackTraceOption<Builder>,
            CommonOptions.TickerOption<Builder>, CommonOptions.ClockOption<Builder>,
            CommonOptions.SchedulerOption<Builder> {

        private int limitForPeriod = DEFAULT_LIMIT_FOR_PERIOD;
        private Duration limitRefreshPeriod = DEFAULT_LIMIT_REFRESH_PERIOD;
        private Duration timeoutDuration = DEFAULT_TIMEOUT_DURATION;
        private int maxKeys = DEFAULT_MAX_KEYS;
        private final CommonOptions options;
        private RateLimiterStore.Factory storeFactory = RateLimiterStore.inMemory();

        private Builder() {
            this.options = new CommonOptions();
        }

        private Builder(RateLimiterConfig base) {
            this.limitForPeriod = base.limitForPeriod;
            this.limitRefreshPeriod = base.limitRefreshPeriod;
            this.timeoutDuration = base.timeoutDuration;
            this.maxKeys = base.maxKeys;
            this.options = new CommonOptions(base.options);
            this.storeFactory = base.storeFactory;
        }

        /**
         * {@code limit-for-period}: permits in each period. Default 50 ({@link #DEFAULT_LIMIT_FOR_PERIOD}).
         *
         * @param limitForPeriod at least 1
         * @throws dev.resilience.core.InvalidConfigurationException when below 1
         */
        public Builder limitForPeriod(int limitForPeriod) {
            this.limitForPeriod = Checks.atLeast("limit-for-period", limitForPeriod, 1);
            return this;
        }

        /**
         * {@code limit-refresh-period}: the length of one period. Periods are cut from the moment the limiter is
         * created; at the start of each one, {@code limit-for-period} permits are available again. Default 1s
         * ({@link #DEFAULT_LIMIT_REFRESH_PERIOD}; resilience4j's is 500ns).
         *
         * @param limitRefreshPeriod greater than zero; nanosecond precision
         * @throws dev.resilience.core.InvalidConfigurationException when null, zero or negative
         */
        public Builder limitRefreshPeriod(Duration limitRefreshPeriod) {
            this.limitRefreshPeriod = Checks.positive("limit-refresh-period", limitRefreshPeriod);
            return this;
        }

        /**
         * {@code timeout-duration}: how long a caller may wait for a permit. A caller that would have to wait
         * longer is rejected at once with a {@link RateLimitExceededException}, without waiting. Default zero:
         * reject whenever the current period has no permit left ({@link #DEFAULT_TIMEOUT_DURATION}).
         *
         * @param timeoutDuration zero or more; nanosecond precision
         * @throws dev.resilience.core.InvalidConfigurationException when null or negative
         */
        public Builder timeoutDuration(Duration timeoutDuration) {
            this.timeoutDuration = Checks.notNegative("timeout-duration", timeoutDuration);
            return this;
        }

        /**
         * {@code max-keys}: for a {@link KeyedRateLimiter}, how many keys it holds at most; beyond that the
         * least recently used key is forgotten. Ignored by plain limiters. Default 10,000
         * ({@link #DEFAULT_MAX_KEYS}).
         *
         * @param maxKeys at least 1
         * @throws dev.resilience.core.InvalidConfigurationException when below 1
         */
        public Builder maxKeys(int maxKeys) {
            this.maxKeys = Checks.atLeast("max-keys", maxKeys, 1);
            return this;
        }

        /**
         * {@code store}: where the limiter keeps its state. Default {@link RateLimiterStore#inMemory()}; the
         * Redis store lives in {@code resilience-redis}.
         */
        public Builder storeFactory(RateLimiterStore.Factory storeFactory) {
            this.storeFactory = Checks.notNull("store", storeFactory);
            return this;
        }

        /**
         * As {@link #storeFactory}.
         *
         * @deprecated the same option is called {@code storeFactory} on every pattern; use {@link #storeFactory}
         */
        @Deprecated(since = "0.2.0")
        public Builder store(RateLimiterStore.Factory store) {
            return storeFactory(store);
        }

        @Override
        public CommonOptions commonOptions() {
            return options;
        }

        /** A new immutable configuration with the values set so far. */
        public RateLimiterConfig build() {
            return new RateLimiterConfig(this);
        }
    }
}
