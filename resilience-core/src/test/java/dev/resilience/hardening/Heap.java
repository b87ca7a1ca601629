package dev.resilience.hardening;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use after full collections: the retained size of whatever the caller still references. */
final class Heap {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Heap() {
    }

    static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        // Repeated until it stops falling: finalizers, reference processing and G1's regions settle in two or three.
        for (int i = 0; i < 6; i++) {
            System.gc();
            long now = MEMORY.getHeapMemoryUsage().getUsed();
            if (now >= used && i >= 2) {
                return Math.min(used, now);
            }
            used = Math.min(used, now);
        }
        return used;
    }
}
