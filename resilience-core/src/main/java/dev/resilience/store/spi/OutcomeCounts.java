package dev.resilience.store.spi;

/**
 * Outcomes of calls an instance made since its last flush, sent to the store in one batch. Immutable.
 *
 * @param calls every recorded call
 * @param failedCalls of which failed (slow or not)
 * @param slowCalls of which were slow (failed or not)
 * @param slowFailedCalls of which were both slow and failed
 * @since 0.1.0
 */
public record OutcomeCounts(int calls, int failedCalls, int slowCalls, int slowFailedCalls) {

    public OutcomeCounts {
        if (calls < 0 || failedCalls < 0 || slowCalls < 0 || slowFailedCalls < 0 || failedCalls > calls
                || slowCalls > calls || slowFailedCalls > Math.min(failedCalls, slowCalls)) {
            throw new IllegalArgumentException("Inconsistent outcome counts: calls=" + calls + ", failed="
                    + failedCalls + ", slow=" + slowCalls + ", slowFailed=" + slowFailedCalls);
        }
    }

    /** The calls that neither failed nor were slow. */
    public int plainSuccesses() {
        return calls - failedCalls - slowCalls + slowFailedCalls;
    }

    /** Failed calls that were not slow. */
    public int fastFailures() {
        return failedCalls - slowFailedCalls;
    }

    /** Slow calls that did not fail. */
    public int slowSuccesses() {
        return slowCalls - slowFailedCalls;
    }
}
