package dev.resilience.retry;

import dev.resilience.core.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The built-in {@link RetryBudget}: lock-free counts of calls and retries over a window sliding in
 * {@value #SLOTS} steps.
 *
 * <p>Each slot is one {@code long}: the high 32 bits hold the slot's epoch (time divided by the slot width,
 * truncated to 32 bits), the low 32 bits its count. Adding to a slot whose epoch is older than the current one
 * resets it in the same compare-and-set, so a slot is never cleared separately and no count is lost between
 * "clear" and "add". Reading sums the slots whose epoch lies within the last {@value #SLOTS} epochs. Epochs
 * compare modulo 2^32, so a slot left untouched for exactly 2^32 slot widths (over 13 years with the default
 * one-second slots; 49 days with the smallest, 100 microseconds) could count once more: harmless for a budget.
 *
 * <p>{@link #tryWithdraw()} checks the balance and then counts the retry; threads racing on the last unit may
 * both succeed, which is documented on {@link RetryBudget}.
 */
final class WindowedRetryBudget implements RetryBudget {

    static final int SLOTS = 10;
    private static final long COUNT_MASK = 0xFFFF_FFFFL;

    private final double retryRatio;
    private final int minRetriesPerSecond;
    private final Duration ttl;
    private final double reserve;
    private final long slotNanos;
    private final Ticker ticker;
    private final AtomicLongArray deposits = new AtomicLongArray(SLOTS);
    private final AtomicLongArray withdrawals = new AtomicLongArray(SLOTS);

    WindowedRetryBudget(double retryRatio, int minRetriesPerSecond, Duration ttl, Ticker ticker) {
        this.retryRatio = retryRatio;
        this.minRetriesPerSecond = minRetriesPerSecond;
        this.ttl = ttl;
        this.ticker = ticker;
        long ttlNanos = RetryConfig.saturatedNanos(ttl);
        this.slotNanos = Math.max(1, ttlNanos / SLOTS);
        this.reserve = minRetriesPerSecond * (ttlNanos / 1e9);
        // Slots start at epoch 0 with count 0: "empty" whatever the time, since a count of 0 adds nothing.
    }

    @Override
    public void deposit() {
        add(deposits, epoch(ticker.read()));
    }

    @Override
    public boolean tryWithdraw() {
        int epoch = epoch(ticker.read());
        if (available(epoch) < 1) {
            return false;
        }
        add(withdrawals, epoch);
        return true;
    }

    @Override
    public long balance() {
        return (long) Math.max(0, Math.floor(available(epoch(ticker.read()))));
    }

    private double available(int epoch) {
        return reserve + retryRatio * sum(deposits, epoch) - sum(withdrawals, epoch);
    }

    private int epoch(long now) {
        return (int) Math.floorDiv(now, slotNanos);
    }

    private static long sum(AtomicLongArray slots, int epoch) {
        long total = 0;
        for (int i = 0; i < SLOTS; i++) {
            long slot = slots.get(i);
            int age = epoch - (int) (slot >>> 32);
            if (age >= 0 && age < SLOTS) {
                total += slot & COUNT_MASK;
            }
        }
        return total;
    }

    private static void add(AtomicLongArray slots, int epoch) {
        int index = Math.floorMod(epoch, SLOTS);
        for (;;) {
            long current = slots.get(index);
            int slotEpoch = (int) (current >>> 32);
            long next;
            if ((current & COUNT_MASK) != 0 && slotEpoch - epoch >= 0) {
                // Same epoch, or a thread with a newer time already reset the slot: count here (saturating).
                // An empty slot (count 0) is always reset, whatever epoch it carries.
                next = (current & COUNT_MASK) == COUNT_MASK ? current : current + 1;
            } else {
                next = ((long) epoch << 32) | 1L;
            }
            if (next == current || slots.compareAndSet(index, current, next)) {
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "RetryBudget[retryRatio=" + retryRatio + ", minRetriesPerSecond=" + minRetriesPerSecond
                + ", ttl=" + ttl + "]";
    }
}
