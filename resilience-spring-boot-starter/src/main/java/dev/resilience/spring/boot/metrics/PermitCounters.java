package dev.resilience.spring.boot.metrics;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadListener;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterListener;
import io.micrometer.core.instrument.Counter;

/**
 * The {@code calls} counter pair, {@code kind} = {@code permitted} and {@code rejected}, of the patterns that
 * admit or reject a call (bulkheads, thread-pool bulkheads, rate limiters, keyed ones included), fed by their
 * listener callbacks: one {@code Counter.increment()} per decision, nothing else. Thread-safe.
 */
final class PermitCounters implements BulkheadListener, ThreadPoolBulkheadListener, RateLimiterListener {

    private final Counter permitted;
    private final Counter rejected;

    private PermitCounters(Counter permitted, Counter rejected) {
        this.permitted = permitted;
        this.rejected = rejected;
    }

    /** Registers the two counters of {@code name} through {@code meters}. */
    static PermitCounters register(InstanceMeters meters, String name, String description) {
        return new PermitCounters(meters.counter(name, description, "kind", "permitted"),
                meters.counter(name, description, "kind", "rejected"));
    }

    @Override
    public void onPermitted(Bulkhead bulkhead) {
        permitted.increment();
    }

    @Override
    public void onRejected(Bulkhead bulkhead) {
        rejected.increment();
    }

    @Override
    public void onPermitted(ThreadPoolBulkhead bulkhead) {
        permitted.increment();
    }

    @Override
    public void onRejected(ThreadPoolBulkhead bulkhead) {
        rejected.increment();
    }

    @Override
    public void onPermitted(RateLimiter rateLimiter, int permits) {
        permitted.increment();
    }

    @Override
    public void onRejected(RateLimiter rateLimiter, int permits) {
        rejected.increment();
    }
}
