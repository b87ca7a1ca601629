package dev.resilience.testing;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bytes allocated per call, by the JVM's own per-thread allocation counter: the call is warmed up (so the JIT
 * has compiled it), then run a million times, and the bytes this thread allocated are divided by the number of
 * calls. A single object per call would show as 16 bytes or more.
 */
public final class Allocations {

    static final int WARM_UP = 300_000;
    static final int CALLS = 1_000_000;

    private Allocations() {
    }

    /** The bytes {@code call} allocates per run, on average over a million warmed-up runs. */
    public static double bytesPerCall(Runnable call) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "this JVM cannot count allocated bytes");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        threads.setThreadAllocatedMemoryEnabled(true);
        for (int i = 0; i < WARM_UP; i++) {
            call.run();
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        double perCall = (double) allocated / CALLS;
        System.out.printf("%d calls allocated %d bytes: %.4f B/call%n", CALLS, allocated, perCall);
        return perCall;
    }
}
