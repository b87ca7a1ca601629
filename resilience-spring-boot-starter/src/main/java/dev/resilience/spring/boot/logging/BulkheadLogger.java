package dev.resilience.spring.boot.logging;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadListener;
import org.apache.commons.logging.Log;

/**
 * Logs rejected calls of semaphore and thread-pool bulkheads, at DEBUG. Thread-safe.
 *
 * @since 0.2.0
 */
public final class BulkheadLogger implements BulkheadListener, ThreadPoolBulkheadListener {

    private final Log log;

    /** Logs on {@code log}. */
    public BulkheadLogger(Log log) {
        this.log = log;
    }

    @Override
    public void onRejected(Bulkhead bulkhead) {
        if (log.isDebugEnabled()) {
            log.debug("Bulkhead '" + bulkhead.name() + "' is full (max-concurrent-calls "
                    + bulkhead.metrics().maxAllowedConcurrentCalls() + ") and rejected a call");
        }
    }

    @Override
    public void onRejected(ThreadPoolBulkhead bulkhead) {
        if (log.isDebugEnabled()) {
            ThreadPoolBulkhead.Metrics metrics = bulkhead.metrics();
            log.debug("Thread-pool bulkhead '" + bulkhead.name() + "' is full (" + metrics.activeThreadCount()
                    + " of " + metrics.maximumThreadPoolSize() + " threads busy, " + metrics.queueDepth() + " of "
                    + metrics.queueCapacity() + " queued) and rejected a call");
        }
    }
}
