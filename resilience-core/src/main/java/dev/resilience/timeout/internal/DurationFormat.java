package dev.resilience.timeout.internal;

import java.time.Duration;

/**
 * Formats durations the way Spring Boot reads them in {@code application.yml} ({@code 200ms}, {@code 1s},
 * {@code 1500us}), so a message quotes a value the user can paste back into configuration. Internal: not part
 * of the public API.
 */
public final class DurationFormat {

    private static final long MICRO = 1_000L;
    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    private DurationFormat() {
    }

    /** {@code 200ms}, {@code 1s}, {@code 2m}, {@code 1h}, {@code 1500us}, {@code 7ns}; zero is {@code 0ms}. */
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
        if (nanos % HOUR == 0) {
            return nanos / HOUR + "h";
        }
        if (nanos % MINUTE == 0) {
            return nanos / MINUTE + "m";
        }
        if (nanos % SECOND == 0) {
            return nanos / SECOND + "s";
        }
        if (nanos % MILLI == 0) {
            return nanos / MILLI + "ms";
        }
        if (nanos % MICRO == 0) {
            return nanos / MICRO + "us";
        }
        return nanos + "ns";
    }

    /** {@code duration} in nanoseconds, saturated at {@link Long#MAX_VALUE} (about 292 years). */
    public static long saturatedNanos(Duration duration) {
        return dev.resilience.core.internal.Nanos.saturated(duration);
    }
}
