package dev.resilience.ratelimiter.spi;

/**
 * The answer of a {@link RateLimiterStore} to one acquisition, packed into a single {@code long} so that
 * asking for a permit allocates nothing, and so that a remote store can return it as one integer from one
 * round trip (a Redis script's reply, a column of one SQL row).
 *
 * <ul>
 *   <li>{@code value >= 0}: <b>granted</b>; the value is the number of nanoseconds the caller must wait before
 *       it may use the permits ({@code 0} = now). The permits are reserved, whether or not the caller waits.
 *   <li>{@code value < 0}: <b>rejected</b>, nothing was reserved; {@code -1 - value} is the number of
 *       nanoseconds until the permits could be granted (the {@code retryAfter}).
 * </ul>
 *
 * <p>Use the static methods rather than the raw encoding. Stateless and thread-safe.
 *
 * @see RateLimiterStore#acquire(int, long)
 * @since 0.1.0
 */
public final class Acquisition {

    private Acquisition() {
    }

    /**
     * A grant whose permits may be used after {@code waitNanos}.
     *
     * @param waitNanos nanoseconds to wait, {@code >= 0}
     * @return the encoded decision
     * @throws IllegalArgumentException when {@code waitNanos} is negative
     */
    public static long granted(long waitNanos) {
        if (waitNanos < 0) {
            throw new IllegalArgumentException("waitNanos must not be negative: " + waitNanos);
        }
        return waitNanos;
    }

    /**
     * A rejection; the permits could be granted in {@code retryAfterNanos}.
     *
     * @param retryAfterNanos nanoseconds until the permits could be had, {@code >= 0}
     * @return the encoded decision
     * @throws IllegalArgumentException when {@code retryAfterNanos} is negative
     */
    public static long rejected(long retryAfterNanos) {
        if (retryAfterNanos < 0) {
            throw new IllegalArgumentException("retryAfterNanos must not be negative: " + retryAfterNanos);
        }
        return -1 - retryAfterNanos;
    }

    /** {@code true} when {@code decision} grants the permits. */
    public static boolean isGranted(long decision) {
        return decision >= 0;
    }

    /**
     * Nanoseconds to wait before using granted permits.
     *
     * @throws IllegalArgumentException when {@code decision} is a rejection
     */
    public static long waitNanos(long decision) {
        if (decision < 0) {
            throw new IllegalArgumentException("Not a grant: " + describe(decision));
        }
        return decision;
    }

    /**
     * Nanoseconds until rejected permits could be granted.
     *
     * @throws IllegalArgumentException when {@code decision} is a grant
     */
    public static long retryAfterNanos(long decision) {
        if (decision >= 0) {
            throw new IllegalArgumentException("Not a rejection: " + describe(decision));
        }
        return -1 - decision;
    }

    /** A readable form for diagnostics, e.g. {@code granted, wait 0ns} or {@code rejected, retry after 5ns}. */
    public static String describe(long decision) {
        return decision >= 0 ? "granted, wait " + decision + "ns" : "rejected, retry after " + (-1 - decision) + "ns";
    }
}
