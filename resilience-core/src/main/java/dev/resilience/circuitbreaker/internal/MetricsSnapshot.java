package dev.resilience.circuitbreaker.internal;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.spi.WindowSnapshot;

/** {@link CircuitBreaker.Metrics} read at one instant. */
final class MetricsSnapshot implements CircuitBreaker.Metrics {

    private final WindowSnapshot window;
    private final long notPermittedCalls;

    MetricsSnapshot(WindowSnapshot window, long notPermittedCalls) {
        this.window = window;
        this.notPermittedCalls = notPermittedCalls;
    }

    @Override
    public float failureRate() {
        return window.failureRate();
    }

    @Override
    public float slowCallRate() {
        return window.slowCallRate();
    }

    @Override
    public int bufferedCalls() {
        return window.calls();
    }

    @Override
    public int failedCalls() {
        return window.failedCalls();
    }

    @Override
    public int slowCalls() {
        return window.slowCalls();
    }

    @Override
    public int slowFailedCalls() {
        return window.slowFailedCalls();
    }

    @Override
    public int successfulCalls() {
        return window.successfulCalls();
    }

    @Override
    public long notPermittedCalls() {
        return notPermittedCalls;
    }

    @Override
    public String toString() {
        return "Metrics[failureRate=" + failureRate() + ", slowCallRate=" + slowCallRate()
                + ", bufferedCalls=" + bufferedCalls() + ", failedCalls=" + failedCalls()
                + ", slowCalls=" + slowCalls() + ", slowFailedCalls=" + slowFailedCalls()
                + ", successfulCalls=" + successfulCalls() + ", notPermittedCalls=" + notPermittedCalls + "]";
    }
}
