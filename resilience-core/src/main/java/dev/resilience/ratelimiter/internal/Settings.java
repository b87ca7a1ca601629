package dev.resilience.ratelimiter.internal;

import dev.resilience.core.Ticker;
import dev.resilience.core.internal.DurationFormat;
import dev.resilience.ratelimiter.RateLimiterConfig;

/** A configuration with the values the hot path needs precomputed. Immutable. */
final class Settings {

    final RateLimiterConfig config;
    final long timeoutNanos;
    final int limitForPeriod;
    final Ticker ticker;
    /** {@code 50 per 1s} or {@code 50 per 1s, waiting at most 250ms}: the limit, for messages. */
    final String description;

    Settings(RateLimiterConfig config) {
        this.config = config;
        this.timeoutNanos = DurationFormat.saturatedNanos(config.timeoutDuration());
        this.limitForPeriod = config.limitForPeriod();
        this.ticker = config.ticker();
        this.description = config.limitForPeriod() + " per " + DurationFormat.format(config.limitRefreshPeriod())
                + (timeoutNanos == 0 ? "" : ", waiting at most " + DurationFormat.format(config.timeoutDuration()));
    }
}
