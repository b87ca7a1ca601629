package dev.resilience.retry;

import dev.resilience.core.InvalidConfigurationException;
import dev.resilience.core.Ticker;
import dev.resilience.core.internal.Checks;

import java.time.Duration;

/**
 * Limits retries to a share of recent calls, so that a dead dependency is not hit by a retry storm from every
 * caller at once (Finagle's {@code RetryBudget}, gRPC's retry throttling).
 *
 * <p>Over a sliding window of {@link Builder#ttl(Duration) ttl}, a budget allows
 * <pre>
 *   retries &lt;= minRetriesPerSecond * ttlInSeconds + retryRatio * calls
 * </pre>
 * where {@code calls} counts calls started (each call deposits once, however many attempts it makes) and
 * {@code retries} counts retries granted. With the defaults (ratio 0.2, 10 retries per second, 10 s) a
 * service making 1 000 calls per second may retry about 200 of them per second, and one making 2 calls per
 * second may still retry about 10 per second.
 *
 * <p>A budget is independent of any one retry: give the same budget to several {@link Retry} instances (for
 * example every retry that calls the same downstream service) and they draw on one shared allowance. When it
 * refuses a retry, the call ends with its last outcome unchanged and {@link RetryListener#onBudgetExhausted}
 * says so.
 *
 * <p>Implementations must be thread-safe. The built-in one ({@link #of}, {@link #builder()}) is lock-free and
 * allocates nothing per call; it reads its {@link Ticker} once per deposit and per withdrawal. Under
 * contention it may grant a few more retries than the formula allows (at most one per thread racing on the
 * last unit of budget), never fewer.
 *
 * @see RetryConfig.Builder#retryBudget(RetryBudget)
 * @since 0.1.0
 */
public interface RetryBudget {

    /** Default share of calls that may be retried: {@value}. */
    double DEFAULT_RETRY_RATIO = 0.2;

    /** Default floor: {@value} retries per second, whatever the traffic. */
    int DEFAULT_MIN_RETRIES_PER_SECOND = 10;

    /** Default window over which calls and retries are counted: 10 seconds. */
    Duration DEFAULT_TTL = Duration.ofSeconds(10);

    /** Records that a call started. Called once per call, before its first attempt. */
    void deposit();

    /**
     * Asks for one retry.
     *
     * @return {@code true} when the retry may be made (and has been counted), {@code false} when the budget is
     *         exhausted
     */
    boolean tryWithdraw();

    /** How many retries the budget would grant now; for monitoring. */
    long balance();

    /** A budget with the defaults: ratio {@value #DEFAULT_RETRY_RATIO}, 10 retries per second, 10 s window. */
    static RetryBudget ofDefaults() {
        return builder().build();
    }

    /**
     * A budget with the system ticker.
     *
     * @param retryRatio share of calls that may be retried, from 0 to 1000 (0.2 = one retry per five calls)
     * @param minRetriesPerSecond retries allowed per second regardless of traffic, at least 0
     * @param ttl the window over which calls and retries are counted, at least 1 ms
     * @throws InvalidConfigurationException when a value is out of range
     */
    static RetryBudget of(double retryRatio, int minRetriesPerSecond, Duration ttl) {
        return builder().retryRatio(retryRatio).minRetriesPerSecond(minRetriesPerSecond).ttl(ttl).build();
    }

    /** A builder with the defaults. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds the built-in lock-free budget. Not thread-safe; {@link #build()} may be called several times and
     * every budget it returns is independent.
     *
     * @since 0.1.0
     */
    final class Builder {
        private double retryRatio = DEFAULT_RETRY_RATIO;
        private int minRetriesPerSecond = DEFAULT_MIN_RETRIES_PER_SECOND;
        private Duration ttl = DEFAULT_TTL;
        private Ticker ticker = Ticker.system();

        private Builder() {
        }

        /**
         * The share of calls that may be retried, on top of the floor. Default {@value #DEFAULT_RETRY_RATIO}.
         *
         * @param retryRatio from 0 to 1000; 0 allows only the floor
         * @throws InvalidConfigurationException ({@code retry-ratio}) when out of range or not a number
         */
        public Builder retryRatio(double retryRatio) {
            this.retryRatio = Checks.between("retry-ratio", retryRatio, 0, 1000);
            return this;
        }

        /**
         * Retries allowed per second whatever the traffic, so that rarely called services can still retry.
         * Default {@value #DEFAULT_MIN_RETRIES_PER_SECOND}.
         *
         * @throws InvalidConfigurationException ({@code min-retries-per-second}) when negative
         */
        public Builder minRetriesPerSecond(int minRetriesPerSecond) {
            this.minRetriesPerSecond = Checks.atLeast("min-retries-per-second", minRetriesPerSecond, 0);
            return this;
        }

        /**
         * How long a call or a retry counts against the budget. Default 10 s. The window slides in steps of a
         * tenth of it.
         *
         * @throws InvalidConfigurationException ({@code ttl}) when {@code null} or shorter than 1 ms
         */
        public Builder ttl(Duration ttl) {
            Checks.notNull("ttl", ttl);
            if (ttl.compareTo(Duration.ofMillis(1)) < 0) {
                throw new InvalidConfigurationException("ttl", ttl, "must be at least 1ms");
            }
            this.ttl = ttl;
            return this;
        }

        /** The time source. Default {@link Ticker#system()}; tests pass a fake one. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.notNull("ticker", ticker);
            return this;
        }

        /** A new, empty budget. */
        public RetryBudget build() {
            return new WindowedRetryBudget(retryRatio, minRetriesPerSecond, ttl, ticker);
        }
    }
}
