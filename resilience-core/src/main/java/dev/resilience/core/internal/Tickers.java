package dev.resilience.core.internal;

import dev.resilience.core.Ticker;

/** Helpers about {@link Ticker}s. Internal: not part of the public API. */
public final class Tickers {

    private Tickers() {
    }

    /**
     * Whether readings of {@code a} and {@code b} can be compared: the same ticker, or the library's precise and
     * coarse tickers, which both read {@link System#nanoTime()} (the coarse one a little late).
     */
    public static boolean sameTimeBase(Ticker a, Ticker b) {
        return a == b || (isNanoTime(a) && isNanoTime(b));
    }

    private static boolean isNanoTime(Ticker ticker) {
        return ticker == Ticker.system() || ticker == Ticker.coarse();
    }
}
