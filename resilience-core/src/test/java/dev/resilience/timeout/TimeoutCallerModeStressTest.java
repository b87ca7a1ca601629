package dev.resilience.timeout;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads, each making call after call in caller mode with a 1 ms timeout and a call that takes between 0
 * and 2 ms, so that the timer fires before, during and just after the calls' ends. After every call the
 * thread's interrupt flag must be clear (no interrupt of ours outlives a call), every call whose body saw the
 * timer's interrupt must have ended in a {@link TimeoutExceededException}, and nothing else may come out.
 */
class TimeoutCallerModeStressTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 600;
    private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void noInterruptLeaksAndEveryInterruptedCallTimesOut() throws InterruptedException {
        Timeout timeout = Timeout.of("stress", TimeoutConfig.builder()
                .timeoutDuration(Duration.ofNanos(TIMEOUT_NANOS)).build());
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger failedOwnWay = new AtomicInteger();
        AtomicReference<Throwable> violation = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(THREADS);
        List<Thread> threads = new ArrayList<>();

        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < CALLS_PER_THREAD && violation.get() == null; i++) {
                        callOnce(timeout, i, timedOut, succeeded, failedOwnWay, violation);
                    }
                } catch (Throwable t2) {
                    violation.compareAndSet(null, t2);
                } finally {
                    done.countDown();
                }
            }, "stress-" + t);
            threads.add(thread);
            thread.start();
        }

        assertThat(done.await(2, TimeUnit.MINUTES)).as("all threads finished").isTrue();
        assertThat(violation.get()).as("first violation").isNull();
        int total = THREADS * CALLS_PER_THREAD;
        assertThat(timedOut.get() + succeeded.get() + failedOwnWay.get()).isEqualTo(total);
        // The durations straddle the timeout, so both outcomes must have happened many times.
        assertThat(timedOut.get()).isGreaterThan(total / 20);
        assertThat(succeeded.get()).isGreaterThan(total / 20);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /**
     * One call that works for a random time around the timeout and reacts to the interrupt in one of three
     * ways: throwing InterruptedException (flag cleared), ignoring it (flag left set), or clearing it and
     * returning normally.
     */
    private static void callOnce(Timeout timeout, int i, AtomicInteger timedOut, AtomicInteger succeeded,
            AtomicInteger failedOwnWay, AtomicReference<Throwable> violation) {
        long work = ThreadLocalRandom.current().nextLong(2 * TIMEOUT_NANOS);
        int reaction = i % 3;
        boolean[] sawInterrupt = new boolean[1];
        try {
            String result = timeout.executeCallable(() -> {
                long end = System.nanoTime() + work;
                while (System.nanoTime() - end < 0) {
                    if (Thread.currentThread().isInterrupted()) {
                        sawInterrupt[0] = true;
                        if (reaction == 0) {
                            Thread.interrupted();
                            throw new InterruptedException("reacted");
                        }
                        if (reaction == 2) {
                            Thread.interrupted();
                            return "cleared and returned";
                        }
                        break; // reaction 1: ignore it, leave the flag set
                    }
                    Thread.onSpinWait();
                }
                return "ok";
            });
            if (sawInterrupt[0]) {
                violation.compareAndSet(null, new AssertionError(
                        "a call interrupted by its timeout returned normally: " + result));
            }
            succeeded.incrementAndGet();
        } catch (TimeoutExceededException expected) {
            timedOut.incrementAndGet();
        } catch (Throwable other) {
            failedOwnWay.incrementAndGet();
            violation.compareAndSet(null, new AssertionError("unexpected outcome", other));
        }
        if (Thread.currentThread().isInterrupted()) {
            violation.compareAndSet(null, new AssertionError("interrupt flag leaked out of call " + i
                    + " (reaction " + reaction + ", work " + work + " ns)"));
            Thread.interrupted();
        }
    }
}
