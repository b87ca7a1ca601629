package dev.resilience.jcstress;

import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

import java.time.Duration;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

@JCStressTest
@Description("One permit per period of 1 s, callers may wait up to 2 s, two callers reserve at the same instant "
        + "(0.25 s into the period): one gets the permit now, the other the next period's, 0.75 s later.")
@Outcome(id = {"0, 750000000", "750000000, 0"}, expect = ACCEPTABLE, desc = "one now, one in the next period")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "two permits in one period")
@Outcome(expect = FORBIDDEN, desc = "a wrong wait, a lost permit or a rejection")
@State
public class RateLimiterReservation {

    static final long PERIOD = Duration.ofSeconds(1).toNanos();

    private final StateTicker ticker = new StateTicker(PERIOD / 4);
    private final RateLimiter limiter;

    public RateLimiterReservation() {
        ticker.nextReadingOnThisThread(0);
        limiter = RateLimiter.of("jcstress", RateLimiterConfig.builder().ticker(ticker).limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(PERIOD)).timeoutDuration(Duration.ofSeconds(2)).build());
    }

    @Actor
    public void first(JJ_Result r) {
        r.r1 = limiter.reservePermission();
    }

    @Actor
    public void second(JJ_Result r) {
        r.r2 = limiter.reservePermission();
    }
}
