package dev.resilience.core;

/**
 * A source of monotonic time in nanoseconds, read as a primitive so reading it never allocates.
 *
 * <p>Every pattern takes its time from a {@code Ticker} so that tests can move time by hand instead of
 * sleeping. Values are only meaningful relative to each other, like {@link System#nanoTime()}. Two tickers
 * come with the library: {@link #system()} (precise) and {@link #coarse()} (about a millisecond, much
 * cheaper to read).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Ticker {

    /** The current time in nanoseconds, relative to an arbitrary fixed origin. */
    long read();

    /** The ticker backed by {@link System#nanoTime()}: nanosecond precision, about 20-25 ns per read. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }

    /**
     * A ticker of about one millisecond's precision that costs one volatile read instead of a clock call:
     * {@link System#nanoTime()} sampled roughly every millisecond by one shared daemon thread
     * ({@code resilience-coarse-ticker}), which runs only while something reads the ticker (it parks after a
     * second without reads, and the next read wakes it). Its readings are on the same time base as
     * {@link #system()}, never go backwards, and lag the clock by about a millisecond (more if the machine
     * is so loaded that the sampling thread is not scheduled).
     *
     * <p>The circuit breaker and the rate limiter use it by default where their configured durations make a
     * millisecond negligible (see {@code CircuitBreakerConfig.Builder#ticker} and
     * {@code RateLimiterConfig.Builder#ticker}); pass {@link #system()} to their builders to keep nanosecond
     * precision.
     *
     * @since 0.1.0
     */
    static Ticker coarse() {
        return CoarseTicker.INSTANCE;
    }
}

enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long read() {
        return System.nanoTime();
    }
}
