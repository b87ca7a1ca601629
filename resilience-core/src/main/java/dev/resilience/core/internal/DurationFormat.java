package dev.resilience.core.internal;

import java.time.Duration;

/**
 * The one way the library writes durations in messages and {@code toString()}s: the way Spring Boot reads them
 * in {@code application.yml} ({@code 200ms}, {@code 1s}, {@code 1500us}, {@code 1d}), so a message quotes a
 * value the user can paste back into configuration; and the saturating nanosecond arithmetic that goes with
 * it. Internal: not part of the public API.
 */
public final class DurationFormat {

    private static final long[] UNIT_NANOS = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L,
        1_000_000_000L, 1_000_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"d", "h", "m", "s", "ms", "us", "ns"};

    private DurationFormat() {
    }

    /**
     * Exact short form in the largest unit that divides it: {@code 1s}, {@code 1500ms}, {@code 2m}, {@code 7ns};
     * zero is {@code 0ms}; a duration beyond about 292 years in whole seconds.
     */
    public static String format(Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.getSeconds() + "s";
        }
        return formatNanos(nanos);
    }

    /** As {@link #format(Duration)}, from nanoseconds. */
    public static String formatNanos(long nanos) {
        if (nanos == 0) {
            return "0ms";
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

    /** {@code duration} in nanoseconds, saturated at {@link Long#MAX_VALUE} (about 292 years) or its negative. */
    public static long saturatedNanos(Duration duration) {
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

    private static long ceilDiv(long value, long divisor) {
        long quotient = value / divisor;
        return quotient * divisor == value ? quotient : quotient + 1;
    }
}
