package dev.resilience.ratelimiter.internal;

import java.time.Duration;

/**
 * Duration arithmetic and formatting for the rate limiter: nanosecond conversions that saturate instead of
 * throwing, and short human forms ({@code 1s}, {@code 250ms}) in the units of Spring's {@code Duration} syntax.
 * Internal: not part of the public API.
 */
public final class Durations {

    private static final long[] UNIT_NANOS = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L,
        1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"d", "h", "m", "s", "ms", "us", "ns"};

    private Durations() {
    }

    /** {@code duration} in nanoseconds, {@link Long#MAX_VALUE} when it does not fit (about 292 years). */
    public static long toNanosSaturated(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Exact short form in the largest unit that divides it: {@code 1s}, {@code 1500ms}, {@code 0s}. */
    public static String format(Duration duration) {
        long nanos = toNanosSaturated(duration);
        if (nanos == Long.MAX_VALUE) {
            return duration.getSeconds() + "s";
        }
        return format(nanos);
    }

    /** Exact short form of {@code nanos} in the largest unit that divides it. */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        for (int i = 0; i < UNIT_NANOS.length; i++) {
            if (nanos % UNIT_NANOS[i] == 0) {
                return nanos / UNIT_NANOS[i] + UNIT_NAMES[i];
            }
        }
        throw new AssertionError(nanos);
    }

    /**
     * A wait for a person, rounded <em>up</em> so that nobody retries too early: whole milliseconds from 1ms
     * ({@code 320ms}, {@code 1320ms}), whole microseconds below ({@code 17us}), nanoseconds below 1us.
     */
    public static String formatWait(long nanos) {
        if (nanos < 1_000L) {
            return nanos + "ns";
        }
        long micros = ceilDiv(nanos, 1_000L);
        // 999_999ns rounds up to 1000us: say 1ms.
        return micros < 1_000L ? micros + "us" : ceilDiv(nanos, 1_000_000L) + "ms";
    }

    private static long ceilDiv(long value, long divisor) {
        long quotient = value / divisor;
        return quotient * divisor == value ? quotient : quotient + 1;
    }
}
