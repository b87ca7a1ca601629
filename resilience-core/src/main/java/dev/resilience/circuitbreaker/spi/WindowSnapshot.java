package dev.resilience.circuitbreaker.spi;

/**
 * The totals of a {@link SlidingWindow} at one instant. Immutable.
 *
 * @since 0.1.0
 */
public final class WindowSnapshot {

    private final int calls;
    private final int failedCalls;
    private final int slowCalls;
    private final int slowFailedCalls;
    private final int minimumNumberOfCalls;

    /**
     * @param calls the buffered calls
     * @param failedCalls of which failed
     * @param slowCalls of which were slow
     * @param slowFailedCalls of which were slow and failed
     * @param minimumNumberOfCalls the number of calls below which rates are -1
     */
    public WindowSnapshot(int calls, int failedCalls, int slowCalls, int slowFailedCalls, int minimumNumberOfCalls) {
        this.calls = calls;
        this.failedCalls = failedCalls;
        this.slowCalls = slowCalls;
        this.slowFailedCalls = slowFailedCalls;
        this.minimumNumberOfCalls = minimumNumberOfCalls;
    }

    /** The buffered calls. */
    public int calls() {
        return calls;
    }

    /** The failed calls, slow or not. */
    public int failedCalls() {
        return failedCalls;
    }

    /** The slow calls, failed or not. */
    public int slowCalls() {
        return slowCalls;
    }

    /** The calls both slow and failed. */
    public int slowFailedCalls() {
        return slowFailedCalls;
    }

    /** The successful calls, slow or not. */
    public int successfulCalls() {
        return calls - failedCalls;
    }

    /** Failed calls in percent of buffered calls, or -1 below the minimum number of calls. */
    public float failureRate() {
        return calls < minimumNumberOfCalls || calls == 0 ? -1f : failedCalls * 100f / calls;
    }

    /** Slow calls in percent of buffered calls, or -1 below the minimum number of calls. */
    public float slowCallRate() {
        return calls < minimumNumberOfCalls || calls == 0 ? -1f : slowCalls * 100f / calls;
    }

    @Override
    public String toString() {
        return "WindowSnapshot[calls=" + calls + ", failed=" + failedCalls + ", slow=" + slowCalls
                + ", slowFailed=" + slowFailedCalls + ", failureRate=" + failureRate()
                + ", slowCallRate=" + slowCallRate() + "]";
    }
}
