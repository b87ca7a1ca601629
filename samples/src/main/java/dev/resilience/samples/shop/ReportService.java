package dev.resilience.samples.shop;

import java.util.concurrent.CompletableFuture;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.samples.downstream.FlakyDownstream;

import org.springframework.stereotype.Service;

/**
 * Expensive reports, limited by bulkheads so that a burst of them cannot take every thread of the server.
 *
 * <p>{@link #report} uses a semaphore bulkhead ({@code resilience.bulkhead.instances.reports}): at most
 * {@code max-concurrent-calls} run at once on the callers' threads, others are rejected with
 * {@code BulkheadFullException} (503). {@link #export} uses a thread-pool bulkhead
 * ({@code resilience.thread-pool-bulkhead.instances.exports}): the call runs on the bulkhead's own bounded pool
 * and queue, and the method must return a {@code CompletionStage}; a full pool and queue fail the returned
 * future with {@code BulkheadFullException}.
 */
@Service
public class ReportService {

    private final FlakyDownstream downstream;

    ReportService(FlakyDownstream downstream) {
        this.downstream = downstream;
    }

    @Bulkhead(name = "reports")
    public Report report(String id) {
        long call = downstream.call("report " + id);
        return new Report(id, call, Thread.currentThread().getName());
    }

    @Bulkhead(name = "exports", type = Bulkhead.Type.THREAD_POOL)
    public CompletableFuture<Report> export(String id) {
        long call = downstream.call("export " + id);
        return CompletableFuture.completedFuture(new Report(id, call, Thread.currentThread().getName()));
    }

    /**
     * A report.
     *
     * @param thread the thread that produced it: the request's own for {@code report}, a pool thread of the
     *        bulkhead for {@code export}
     */
    public record Report(String id, long downstreamCall, String thread) {
    }
}
