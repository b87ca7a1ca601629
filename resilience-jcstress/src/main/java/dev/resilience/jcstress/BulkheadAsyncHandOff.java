package dev.resilience.jcstress;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZI_Result;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

@JCStressTest
@Description("One permit, held synchronously. An asynchronous call that must wait for it races the release: "
        + "the waiter is queued just as the permit comes back. It must be started at once, never left waiting "
        + "with the permit free.")
@Outcome(id = "true, 1", expect = ACCEPTABLE, desc = "the waiter got the permit, ran and gave it back")
@Outcome(id = "false, 1", expect = FORBIDDEN, desc = "the waiter was left queued beside a free permit")
@Outcome(expect = FORBIDDEN, desc = "a permit lost or doubled")
@State
public class BulkheadAsyncHandOff {

    /** Expiries are an hour away and cancelled on grant; one daemon thread for every state object. */
    private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

    private final Bulkhead bulkhead = Bulkhead.of("jcstress", BulkheadConfig.builder().maxConcurrentCalls(1)
            .maxWaitDuration(Duration.ofHours(1)).scheduler(SCHEDULER).build());
    private CompletableFuture<String> waiter;

    public BulkheadAsyncHandOff() {
        bulkhead.acquirePermission();
    }

    @Actor
    public void waiter() {
        waiter = bulkhead.executeCompletionStage(() -> CompletableFuture.completedFuture("ran")).toCompletableFuture();
    }

    @Actor
    public void releaser() {
        bulkhead.releasePermission();
    }

    @Arbiter
    public void arbiter(ZI_Result r) {
        r.r1 = waiter.isDone() && "ran".equals(waiter.getNow(null));
        r.r2 = bulkhead.metrics().availableConcurrentCalls();
        waiter.cancel(false); // leaves no queued waiter behind
    }

    private static ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "jcstress-bulkhead-expiry");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }
}
