package dev.resilience.circuitbreaker.spi;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last {@code size} outcomes, lock-free.
 *
 * <p>A ring of {@code size} slots, allocated once, holds one small code per call (0 = empty, else
 * {@code 1 | outcome << 1}). The running totals of calls, failures and slow calls are packed into one
 * {@code AtomicLong}, 21 bits each ({@link #FIELD_BITS}), so that a single read is a consistent snapshot and
 * a single atomic add updates all three.
 *
 * <p>Recording a call. First, if the totals say every slot holds this very outcome (a full ring of successes:
 * the steady state of a healthy service), nothing would change, whichever slot we overwrote: return after one
 * plain read. No write at all means threads sharing a breaker do not contend in that state. This is exact:
 * while every slot holds the same code the cursor position is irrelevant, and a different outcome arriving
 * later still lives for exactly {@code size} recorded calls. Otherwise take the next slot index (a CAS on
 * {@link #cursor}, wrapping at {@code size}); if the slot already holds the same code, again nothing changes.
 * Otherwise add the new code to the totals <em>first</em>,
 * then swap it into the slot, then subtract the code we evicted. Because a code is counted before it becomes
 * visible in a slot, whoever evicts it later subtracts something already counted, so every field stays
 * non-negative and never borrows from its neighbour, even under races. Between the add and the subtract the
 * totals may briefly hold a few more calls than {@code size} (one per racing thread); 21 bits leave room for
 * a million of those on top of the largest allowed window
 * ({@link dev.resilience.circuitbreaker.CircuitBreakerConfig#MAX_COUNT_BASED_WINDOW_SIZE}).
 *
 * <p>When two calls race for the same slot (only possible when more threads than slots record at once), the
 * unchanged-code shortcut can drop one of them: the window then holds the other, as if the dropped one had
 * already been evicted. The totals stay exact for what the ring holds.
 *
 * <p>Slow-and-failed calls are counted in a separate counter touched only when such a call enters or leaves
 * the ring; they are reported but never decide anything.
 */
final class CountWindow implements SlidingWindow {

    static final int FIELD_BITS = 21;
    private static final long FIELD_MASK = (1L << FIELD_BITS) - 1;
    private static final int FAILED_SHIFT = FIELD_BITS;
    private static final int SLOW_SHIFT = 2 * FIELD_BITS;
    private static final int SLOW_FAILED = 1 | (FAILURE | SLOW) << 1;

    /** The totals delta of each slot code. */
    private static final long[] DELTA = new long[8];

    static {
        for (int code = 1; code < 8; code++) {
            int outcome = code >>> 1;
            DELTA[code] = 1L
                    | ((outcome & FAILURE) != 0 ? 1L << FAILED_SHIFT : 0)
                    | ((outcome & SLOW) != 0 ? 1L << SLOW_SHIFT : 0);
        }
    }

    private final int size;
    private final int minimumNumberOfCalls;
    /** The packed totals of a ring whose every slot holds a given code, by code. */
    private final long[] uniform = new long[8];
    private final AtomicIntegerArray ring;
    private final AtomicInteger cursor = new AtomicInteger();
    private final AtomicLong totals = new AtomicLong();
    private final AtomicInteger slowFailed = new AtomicInteger();

    CountWindow(int size, int minimumNumberOfCalls) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1: " + size);
        }
        this.size = size;
        // The window never holds more than size calls, so a larger minimum would never be reached.
        this.minimumNumberOfCalls = Math.max(1, Math.min(minimumNumberOfCalls, size));
        this.ring = new AtomicIntegerArray(size);
        for (int code = 1; code < 8; code++) {
            uniform[code] = size * DELTA[code]; // no carry: every field stays below 2^21
        }
    }

    @Override
    public long record(int outcome, long nowNanos) {
        int code = 1 | outcome << 1;
        if (totals.get() == uniform[code]) {
            return NO_RATES;
        }
        int index = nextIndex();
        if (ring.get(index) == code) {
            return NO_RATES;
        }
        long after = totals.addAndGet(DELTA[code]);
        if (code == SLOW_FAILED) {
            slowFailed.incrementAndGet();
        }
        int evicted = ring.getAndSet(index, code);
        if (evicted != 0) {
            after = totals.addAndGet(-DELTA[evicted]);
            if (evicted == SLOW_FAILED) {
                slowFailed.decrementAndGet();
            }
        }
        return rates(after);
    }

    private int nextIndex() {
        AtomicInteger cursor = this.cursor;
        for (;;) {
            int current = cursor.get();
            int next = current + 1 == size ? 0 : current + 1;
            if (cursor.compareAndSet(current, next)) {
                return current;
            }
        }
    }

    private long rates(long packedTotals) {
        int calls = (int) (packedTotals & FIELD_MASK);
        if (calls < minimumNumberOfCalls) {
            return NO_RATES;
        }
        int failed = (int) ((packedTotals >>> FAILED_SHIFT) & FIELD_MASK);
        int slow = (int) ((packedTotals >>> SLOW_SHIFT) & FIELD_MASK);
        return SlidingWindow.pack(failed * 100f / calls, slow * 100f / calls);
    }

    @Override
    public WindowSnapshot snapshot(long nowNanos) {
        long packed = totals.get();
        return new WindowSnapshot((int) (packed & FIELD_MASK), (int) ((packed >>> FAILED_SHIFT) & FIELD_MASK),
                (int) ((packed >>> SLOW_SHIFT) & FIELD_MASK), slowFailed.get(), minimumNumberOfCalls);
    }

    @Override
    public String toString() {
        return "CountWindow[size=" + size + ", " + snapshot(0) + "]";
    }
}
