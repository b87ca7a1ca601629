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
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/** The semaphore bulkhead's permits: acquire and release never over-admit and never lose a permit. */
public final class BulkheadPermits {

    private BulkheadPermits() {
    }

    @JCStressTest
    @Description("One permit, two concurrent acquirers: exactly one gets it.")
    @Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE, desc = "one admitted")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "over-admission")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "a free permit refused")
    @State
    public static class TwoAcquirers {
        private final Bulkhead bulkhead = Bulkhead.of("jcstress", BulkheadConfig.builder().maxConcurrentCalls(1)
                .build());

        @Actor
        public void first(ZZ_Result r) {
            r.r1 = bulkhead.tryAcquirePermission();
        }

        @Actor
        public void second(ZZ_Result r) {
            r.r2 = bulkhead.tryAcquirePermission();
        }
    }

    @JCStressTest
    @Description("One permit, held: a release races an acquire. Either the acquirer got the released permit, or it "
            + "came too early and the permit is free afterwards.")
    @Outcome(id = "true, 0", expect = ACCEPTABLE, desc = "acquired the released permit")
    @Outcome(id = "false, 1", expect = ACCEPTABLE, desc = "tried before the release; the permit is back")
    @Outcome(id = "true, 1", expect = FORBIDDEN, desc = "over-admission")
    @Outcome(id = "false, 0", expect = FORBIDDEN, desc = "a permit lost")
    @State
    public static class ReleaseRacesAcquire {
        private final Bulkhead bulkhead = Bulkhead.of("jcstress", BulkheadConfig.builder().maxConcurrentCalls(1)
                .build());

        public ReleaseRacesAcquire() {
            bulkhead.acquirePermission();
        }

        @Actor
        public void releaser() {
            bulkhead.releasePermission();
        }

        @Actor
        public void acquirer(ZI_Result r) {
            r.r1 = bulkhead.tryAcquirePermission();
        }

        @Arbiter
        public void arbiter(ZI_Result r) {
            r.r2 = bulkhead.metrics().availableConcurrentCalls();
        }
    }
}
