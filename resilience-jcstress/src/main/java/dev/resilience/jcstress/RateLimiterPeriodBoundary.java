package dev.resilience.jcstress;

import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import java.time.Duration;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/** The rate limiter at a period boundary: never over-grants, and a stale clock reading never rejects. */
public final class RateLimiterPeriodBoundary {

    static final long PERIOD = Duration.ofSeconds(1).toNanos();

    private RateLimiterPeriodBoundary() {
    }

    @JCStressTest
    @Description("One permit per period, two callers at the same instant: exactly one is granted.")
    @Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE, desc = "one grant")
    @Outcome(id = "true, true", expect = FORBIDDEN, desc = "over-granted a period")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "a permit lost")
    @State
    public static class NeverOverGrants {
        private final StateTicker ticker = new StateTicker(PERIOD / 2);
        private final RateLimiter limiter;

        public NeverOverGrants() {
            ticker.nextReadingOnThisThread(0);
            limiter = RateLimiter.of("jcstress", RateLimiterConfig.builder().ticker(ticker).limitForPeriod(1)
                    .limitRefreshPeriod(Duration.ofNanos(PERIOD)).build());
        }

        @Actor
        public void first(ZZ_Result r) {
            r.r1 = limiter.tryAcquirePermission();
        }

        @Actor
        public void second(ZZ_Result r) {
            r.r2 = limiter.tryAcquirePermission();
        }
    }

    /**
     * Issue 8 #2: the stale reader's request reaches the store after the fresh one took a permit of the new
     * period; it is rejected with a retry-after of "the rest of the old period" although both periods have a
     * permit left. Fixed on wip-defects; until that lands this test observes the FORBIDDEN outcome.
     */
    @JCStressTest
    @Description("Two permits per period, none used. One caller read the clock 1 ns before the period boundary "
            + "(and was descheduled), the other reads it at the boundary. With timeout-duration 0 both must be "
            + "granted: permits remain in both periods, so a stale reading must never turn into a rejection.")
    @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "both granted")
    @Outcome(id = "false, true", expect = FORBIDDEN,
            desc = "the stale reader was rejected although permits remain (issue 8 #2)")
    @Outcome(expect = FORBIDDEN, desc = "a caller rejected although permits remain")
    @State
    public static class StaleReadingNeverRejects {
        private final StateTicker ticker = new StateTicker(PERIOD);
        private final RateLimiter limiter;

        public StaleReadingNeverRejects() {
            ticker.nextReadingOnThisThread(0);
            limiter = RateLimiter.of("jcstress", RateLimiterConfig.builder().ticker(ticker).limitForPeriod(2)
                    .limitRefreshPeriod(Duration.ofNanos(PERIOD)).timeoutDuration(Duration.ZERO).build());
        }

        @Actor
        public void stale(ZZ_Result r) {
            ticker.nextReadingOnThisThread(PERIOD - 1);
            r.r1 = limiter.tryAcquirePermission();
        }

        @Actor
        public void fresh(ZZ_Result r) {
            r.r2 = limiter.tryAcquirePermission();
        }
    }
}
