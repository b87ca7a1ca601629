package dev.resilience.circuitbreaker.spi;

import java.util.concurrent.atomic.AtomicInteger;

/** Trial permits as an {@link AtomicInteger} that a CAS loop takes down but never below zero. */
final class AtomicPermits implements Permits {

    private final AtomicInteger available;

    AtomicPermits(int permits) {
        this.available = new AtomicInteger(permits);
    }

    @Override
    public boolean tryAcquire() {
        for (;;) {
            int current = available.get();
            if (current <= 0) {
                return false;
            }
            if (available.compareAndSet(current, current - 1)) {
                return true;
            }
        }
    }

    @Override
    public void release() {
        available.incrementAndGet();
    }

    @Override
    public int available() {
        return available.get();
    }

    @Override
    public String toString() {
        return "Permits[available=" + available.get() + "]";
    }
}
