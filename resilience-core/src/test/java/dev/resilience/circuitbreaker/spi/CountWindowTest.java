package dev.resilience.circuitbreaker.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.resilience.circuitbreaker.spi.SlidingWindow.FAILURE;
import static dev.resilience.circuitbreaker.spi.SlidingWindow.NO_RATES;
import static dev.resilience.circuitbreaker.spi.SlidingWindow.SLOW;
import static dev.resilience.circuitbreaker.spi.SlidingWindow.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

class CountWindowTest {

    @Test
    void reportsNoRatesBelowTheMinimum() {
        CountWindow window = new CountWindow(5, 3);

        assertThat(window.record(FAILURE, 0)).isEqualTo(NO_RATES);
        assertThat(window.record(SUCCESS, 0)).isEqualTo(NO_RATES);
        long rates = window.record(FAILURE | SLOW, 0);

        assertThat(SlidingWindow.failureRate(rates)).isEqualTo(200f / 3);
        assertThat(SlidingWindow.slowCallRate(rates)).isEqualTo(100f / 3);
    }

    @Test
    void anOutcomeReplacingAnIdenticalOneChangesNothing() {
        CountWindow window = new CountWindow(2, 1);
        window.record(SUCCESS, 0);
        window.record(SUCCESS, 0);

        assertThat(window.record(SUCCESS, 0)).isEqualTo(NO_RATES);
        long rates = window.record(FAILURE, 0);
        assertThat(SlidingWindow.failureRate(rates)).isEqualTo(50f);
    }

    @Test
    void snapshotsCountEachKind() {
        CountWindow window = new CountWindow(10, 10);
        window.record(SUCCESS, 0);
        window.record(SLOW, 0);
        window.record(FAILURE, 0);
        window.record(FAILURE | SLOW, 0);

        WindowSnapshot snapshot = window.snapshot(0);

        assertThat(snapshot.calls()).isEqualTo(4);
        assertThat(snapshot.failedCalls()).isEqualTo(2);
        assertThat(snapshot.slowCalls()).isEqualTo(2);
        assertThat(snapshot.slowFailedCalls()).isEqualTo(1);
        assertThat(snapshot.successfulCalls()).isEqualTo(2);
        assertThat(snapshot.failureRate()).isEqualTo(-1f);
    }

    @Test
    void theLargestWindowHoldsAFullRing() {
        CountWindow window = new CountWindow(1_000_000, 1_000_000);
        long rates = NO_RATES;
        for (int i = 0; i < 1_000_000; i++) {
            rates = window.record(FAILURE | SLOW, 0);
        }
        assertThat(SlidingWindow.failureRate(rates)).isEqualTo(100f);
        assertThat(window.snapshot(0).calls()).isEqualTo(1_000_000);
        assertThat(window.snapshot(0).slowFailedCalls()).isEqualTo(1_000_000);
    }

    /**
     * Many threads record random outcomes into a small ring. While they run, every snapshot must be sane (no
     * field negative or borrowing from its neighbour); afterwards, overwriting the whole ring with known
     * outcomes must give exact totals, which proves the running totals never drifted.
     */
    @Test
    void totalsStayExactUnderContention() throws Exception {
        int size = 16;
        int threads = 8;
        CountWindow window = new CountWindow(size, 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<String> violation = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(() -> {
                await(start);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 200_000; i++) {
                    window.record(random.nextInt(4), 0);
                }
            });
            writer.start();
            writers.add(writer);
        }
        Thread reader = new Thread(() -> {
            await(start);
            while (running.get()) {
                WindowSnapshot s = window.snapshot(0);
                if (s.calls() < 0 || s.calls() > size + threads || s.failedCalls() < 0 || s.failedCalls() > s.calls()
                        || s.slowCalls() < 0 || s.slowCalls() > s.calls() || s.slowFailedCalls() < 0) {
                    violation.compareAndSet(null, s.toString());
                }
            }
        });
        reader.start();
        start.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        running.set(false);
        reader.join();

        assertThat(violation.get()).isNull();
        for (int i = 0; i < size; i++) {
            window.record(FAILURE, 0);
        }
        WindowSnapshot settled = window.snapshot(0);
        assertThat(settled.calls()).isEqualTo(size);
        assertThat(settled.failedCalls()).isEqualTo(size);
        assertThat(settled.slowCalls()).isZero();
        assertThat(settled.slowFailedCalls()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
