package dev.resilience.core;

/**
 * A source of monotonic time in nanoseconds, read as a primitive so reading it never allocates.
 *
 * <p>Every pattern takes its time from a {@code Ticker} so that tests can move time by hand instead of
 * sleeping. Values are only meaningful relative to each other, like {@link System#nanoTime()}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Ticker {

    /** The current time in nanoseconds, relative to an arbitrary fixed origin. */
    long read();

    /** The ticker backed by {@link System#nanoTime()}. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}

enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long read() {
        return System.nanoTime();
    }
}
