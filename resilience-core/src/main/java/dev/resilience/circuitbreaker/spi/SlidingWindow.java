package dev.resilience.circuitbreaker.spi;

/**
 * The recent outcomes of one state period: the last N calls (count-based) or the calls of the last N
 * seconds (time-based), with the running totals from which failure and slow-call rates are read.
 *
 * <p>{@link #record} is on the hot path of every call. It returns the rates after the outcome as one
 * primitive {@code long} (see {@link #pack}), so that deciding whether to trip allocates nothing.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface SlidingWindow {

    /** Outcome bit: the call succeeded (no other bit set). */
    int SUCCESS = 0;
    /** Outcome bit: the call failed. */
    int FAILURE = 1;
    /** Outcome bit: the call was slow. */
    int SLOW = 2;

    /**
     * What {@link #record} returns when there is nothing to decide: fewer than the minimum number of calls,
     * or the outcome replaced an identical one so the rates did not change. Both rates read as -1.
     */
    long NO_RATES = pack(-1f, -1f);

    /**
     * Records one outcome.
     *
     * @param outcome {@link #SUCCESS}, or {@link #FAILURE} and/or {@link #SLOW}
     * @param nowNanos the ticker time of the outcome (a count-based window may ignore it)
     * @return the failure and slow-call rates after the outcome packed with {@link #pack}, or
     *         {@link #NO_RATES} when fewer than the minimum number of calls are buffered or the rates did not
     *         change
     */
    long record(int outcome, long nowNanos);

    /** The totals at ticker time {@code nowNanos}. */
    WindowSnapshot snapshot(long nowNanos);

    /** Packs two rates (percent, or -1) into one {@code long}: the failure rate high, the slow-call rate low. */
    static long pack(float failureRate, float slowCallRate) {
        return ((long) Float.floatToRawIntBits(failureRate) << 32)
                | (Float.floatToRawIntBits(slowCallRate) & 0xFFFF_FFFFL);
    }

    /** The failure rate of a {@link #pack packed} pair. */
    static float failureRate(long packed) {
        return Float.intBitsToFloat((int) (packed >>> 32));
    }

    /** The slow-call rate of a {@link #pack packed} pair. */
    static float slowCallRate(long packed) {
        return Float.intBitsToFloat((int) packed);
    }
}
