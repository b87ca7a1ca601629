package dev.resilience.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The coarse ticker: close to the clock, monotonic, and sampling only while read. Each test owns an instance. */
class CoarseTickerTest {

    @Test
    void readingsFollowTheClockToAboutAMillisecondAndNeverGoBack() {
        CoarseTicker ticker = new CoarseTicker("test-coarse-ticker-1");
        long previous = ticker.read();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long worstLag = 0;
        while (System.nanoTime() - end < 0) {
            long clockBefore = System.nanoTime();
            long reading = ticker.read();
            assertThat(reading - previous).as("monotonic").isGreaterThanOrEqualTo(0);
            // Never ahead of the clock; behind it by about a tick (generous bound for a loaded machine).
            assertThat(reading - System.nanoTime()).isLessThanOrEqualTo(0);
            worstLag = Math.max(worstLag, clockBefore - reading);
            previous = reading;
        }
        assertThat(Duration.ofNanos(worstLag)).isLessThan(Duration.ofMillis(250));
        long first = ticker.read();
        await().atMost(Duration.ofSeconds(5)).until(() -> ticker.read() - first >= TimeUnit.MILLISECONDS.toNanos(5));
    }

    @Test
    void theSamplerSleepsWithoutReadersAndTheNextReadIsFreshAndWakesIt() {
        CoarseTicker ticker = new CoarseTicker("test-coarse-ticker-2");
        assertThat(ticker.isSleeping()).as("nothing runs before the first read").isTrue();
        assertThat(ticker.sampler().getState()).isEqualTo(Thread.State.NEW);
        ticker.read();
        assertThat(ticker.isSleeping()).isFalse();

        // No reads: within about two idle periods the sampler parks for good.
        await().atMost(Duration.ofSeconds(10)).until(ticker::isSleeping);
        await().atMost(Duration.ofSeconds(5)).until(() -> ticker.sampler().getState() == Thread.State.WAITING);

        long clock = System.nanoTime();
        long reading = ticker.read();
        assertThat(reading).as("a read while asleep reads the clock itself").isGreaterThanOrEqualTo(clock);
        assertThat(ticker.isSleeping()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> ticker.sampler().getState() == Thread.State.TIMED_WAITING);
        await().atMost(Duration.ofSeconds(5)).until(() -> ticker.read() > reading);
    }

    @Test
    void manyThreadsReadingAcrossASleepAndWakeAllSeeMonotonicFreshTime() throws InterruptedException {
        CoarseTicker ticker = new CoarseTicker("test-coarse-ticker-3");
        ticker.read();
        await().atMost(Duration.ofSeconds(10)).until(ticker::isSleeping);
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<String> violation = new AtomicReference<>();
        Thread[] readers = new Thread[4];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = new Thread(() -> {
                try {
                    start.await();
                    long clockBefore = System.nanoTime();
                    long previous = ticker.read();
                    if (clockBefore - previous > TimeUnit.MILLISECONDS.toNanos(250)) {
                        violation.compareAndSet(null, "stale first reading after the wake-up");
                    }
                    for (int n = 0; n < 100_000; n++) {
                        long reading = ticker.read();
                        if (reading < previous) {
                            violation.compareAndSet(null, "went backwards");
                        }
                        previous = reading;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            readers[i].start();
        }
        start.countDown();
        for (Thread reader : readers) {
            reader.join(30_000);
        }
        assertThat(violation.get()).isNull();
        assertThat(ticker.isSleeping()).isFalse();
    }

    @Test
    void theSharedInstanceIsWhatTickerCoarseReturns() {
        assertThat(Ticker.coarse()).isSameAs(CoarseTicker.INSTANCE).hasToString("Ticker.coarse()");
        assertThat(Ticker.coarse().read() - System.nanoTime()).isLessThanOrEqualTo(0);
    }
}
