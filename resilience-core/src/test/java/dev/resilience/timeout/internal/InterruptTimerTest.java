package dev.resilience.timeout.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared timer's entry state machine, driven directly. */
class InterruptTimerTest {

    private final InterruptTimer timer = InterruptTimer.get();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /**
     * Waits for {@code condition} without blocking: the timer interrupts this very thread, which would make any
     * blocking wait (Awaitility's included) end early with an InterruptedException.
     */
    private static void spinUntil(BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("condition not met within 10s");
            }
            Thread.onSpinWait();
        }
    }

    private static int phase(InterruptTimer.Entry entry) {
        return (int) (entry.state & 7);
    }

    @Test
    void anEntryDisarmedBeforeItsDeadlineNeverFires() {
        InterruptTimer.Entry entry = timer.newEntry();
        long armed = entry.arm(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));

        assertThat(entry.disarm(armed)).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(phase(entry)).isEqualTo(InterruptTimer.IDLE);
    }

    @Test
    void aDueEntryInterruptsItsOwnerAndDisarmingClearsThatInterrupt() {
        InterruptTimer.Entry entry = timer.newEntry();
        long armed = entry.arm(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5));

        spinUntil(() -> phase(entry) == InterruptTimer.FIRED);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();

        assertThat(entry.disarm(armed)).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(phase(entry)).isEqualTo(InterruptTimer.IDLE);
    }

    @Test
    void whenTheOwnerWasAlreadyInterruptedTheTimerLeavesThatInterruptAlone() {
        InterruptTimer.Entry entry = timer.newEntry();
        Thread.currentThread().interrupt(); // someone else's interrupt
        long armed = entry.arm(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5));

        spinUntil(() -> phase(entry) == InterruptTimer.FIRED_FLAG_WAS_SET);

        assertThat(entry.disarm(armed)).as("the timer won").isFalse();
        assertThat(Thread.currentThread().isInterrupted()).as("the foreign interrupt survives").isTrue();
    }

    @Test
    void aReusedEntryFiresForItsNewDeadlineEvenWhenFiledUnderALaterTick() {
        InterruptTimer.Entry entry = timer.newEntry();
        // Filed far away first, then disarmed; the re-arm with a near deadline must reach the timer.
        long first = entry.arm(System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
        spinUntil(() -> entry.filedTick != InterruptTimer.NOT_FILED);
        assertThat(entry.disarm(first)).isTrue();

        long second = entry.arm(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5));

        spinUntil(() -> phase(entry) == InterruptTimer.FIRED);
        assertThat(entry.disarm(second)).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aReArmedEntryWithALaterDeadlineDoesNotFireAtTheOldOne() {
        InterruptTimer.Entry entry = timer.newEntry();
        long first = entry.arm(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
        spinUntil(() -> entry.filedTick != InterruptTimer.NOT_FILED);
        assertThat(entry.disarm(first)).isTrue();
        long second = entry.arm(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));

        // The timer reaches the old tick, sees the new deadline and re-files the entry instead of firing.
        long oldTick = entry.filedTick;
        spinUntil(() -> entry.filedTick != oldTick);
        assertThat(phase(entry)).isEqualTo(InterruptTimer.ARMED);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(entry.disarm(second)).isTrue();
    }

    @Test
    void manyEntriesOfOneThreadFireInDeadlineOrderAndEachOnlyOnce() {
        List<InterruptTimer.Entry> entries = new ArrayList<>();
        List<Long> armed = new ArrayList<>();
        long now = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            InterruptTimer.Entry entry = timer.newEntry();
            entries.add(entry);
            armed.add(entry.arm(now + TimeUnit.MILLISECONDS.toNanos(5 + i)));
        }

        spinUntil(() -> entries.stream().allMatch(e -> phase(e) >= InterruptTimer.FIRED));

        // Only the first to fire could interrupt; the others found the flag set.
        assertThat(entries.stream().filter(e -> phase(e) == InterruptTimer.FIRED)).hasSize(1);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(entries.get(i).disarm(armed.get(i))).isFalse();
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
