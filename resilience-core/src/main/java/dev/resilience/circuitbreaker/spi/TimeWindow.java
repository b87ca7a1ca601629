package dev.resilience.circuitbreaker.spi;

/**
 * The outcomes of the last {@code size} seconds, in one bucket per second.
 *
 * <p>The buckets form a ring allocated once, as parallel primitive arrays; running totals make reading O(1).
 * The head bucket covers {@code [headStart, headStart + 1s)} of ticker time. A call whose time falls in the
 * head bucket (also when the clock stands still or steps back) is added to it. A later call first advances
 * the head by the whole seconds elapsed, subtracting and clearing each bucket it passes; a gap of
 * {@code size} seconds or more clears the whole ring at once. Each bucket is cleared at most once per
 * second it covers, so the cost per call is O(1) amortized, and a division happens only when a second
 * boundary is crossed.
 *
 * <p>A short {@code synchronized} section protects it: unlike the count window, a time window must move
 * several buckets and totals together, and the section is a few dozen instructions with no allocation.
 */
final class TimeWindow implements SlidingWindow {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int size;
    private final int minimumNumberOfCalls;
    private final int[] calls;
    private final int[] failed;
    private final int[] slow;
    private final int[] slowFailed;

    private boolean started;
    private long headStart;
    private int head;
    private long totalCalls;
    private long totalFailed;
    private long totalSlow;
    private long totalSlowFailed;

    TimeWindow(int size, int minimumNumberOfCalls) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1: " + size);
        }
        this.size = size;
        this.minimumNumberOfCalls = Math.max(1, minimumNumberOfCalls);
        this.calls = new int[size];
        this.failed = new int[size];
        this.slow = new int[size];
        this.slowFailed = new int[size];
    }

    @Override
    public synchronized long record(int outcome, long nowNanos) {
        advance(nowNanos);
        int h = head;
        calls[h]++;
        totalCalls++;
        if ((outcome & FAILURE) != 0) {
            failed[h]++;
            totalFailed++;
        }
        if ((outcome & SLOW) != 0) {
            slow[h]++;
            totalSlow++;
            if ((outcome & FAILURE) != 0) {
                slowFailed[h]++;
                totalSlowFailed++;
            }
        }
        if (totalCalls < minimumNumberOfCalls) {
            return NO_RATES;
        }
        return SlidingWindow.pack(totalFailed * 100f / totalCalls, totalSlow * 100f / totalCalls);
    }

    @Override
    public synchronized WindowSnapshot snapshot(long nowNanos) {
        advance(nowNanos);
        return new WindowSnapshot(saturate(totalCalls), saturate(totalFailed), saturate(totalSlow),
                saturate(totalSlowFailed), minimumNumberOfCalls);
    }

    private void advance(long now) {
        if (!started) {
            started = true;
            headStart = now;
            return;
        }
        long elapsed = now - headStart;
        if (elapsed < NANOS_PER_SECOND) {
            return; // same second, or the clock stood still or stepped back
        }
        long seconds = elapsed / NANOS_PER_SECOND;
        if (seconds >= size) {
            clearAll();
        } else {
            for (long i = 0; i < seconds; i++) {
                head = head + 1 == size ? 0 : head + 1;
                clear(head);
            }
        }
        headStart += seconds * NANOS_PER_SECOND;
    }

    private void clear(int bucket) {
        totalCalls -= calls[bucket];
        totalFailed -= failed[bucket];
        totalSlow -= slow[bucket];
        totalSlowFailed -= slowFailed[bucket];
        calls[bucket] = 0;
        failed[bucket] = 0;
        slow[bucket] = 0;
        slowFailed[bucket] = 0;
    }

    private void clearAll() {
        java.util.Arrays.fill(calls, 0);
        java.util.Arrays.fill(failed, 0);
        java.util.Arrays.fill(slow, 0);
        java.util.Arrays.fill(slowFailed, 0);
        totalCalls = 0;
        totalFailed = 0;
        totalSlow = 0;
        totalSlowFailed = 0;
        head = 0;
    }

    private static int saturate(long value) {
        return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }

    @Override
    public String toString() {
        return "TimeWindow[size=" + size + "s]";
    }
}
