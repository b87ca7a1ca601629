package dev.resilience.core.internal;

import java.time.Duration;

/**
 * Durations as nanoseconds, the unit of every ticker and deadline of the library, converted once at
 * configuration time and <em>saturated</em>: a duration too long for a {@code long} of nanoseconds (about 292
 * years, as {@code Duration.ofDays(Long.MAX_VALUE / 86400)} or {@code ChronoUnit.FOREVER.getDuration()}) means
 * "never ends", not an {@link ArithmeticException}. Internal: not part of the public API.
 */
public final class Nanos {

    private Nanos() {
    }

    /**
     * {@code duration} in nanoseconds; {@link Long#MAX_VALUE} when it is too long to fit, {@link Long#MIN_VALUE}
     * when it is too far below zero.
     */
    public static long saturated(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** {@code a * b} for non-negative values, {@link Long#MAX_VALUE} when the product does not fit. */
    public static long multiplySaturated(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }
}
