package dev.resilience.jcstress;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

@JCStressTest
@Description("HALF_OPEN with one trial permit: two concurrent callers, exactly one is admitted.")
@Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE, desc = "one trial call admitted")
@Outcome(id = "true, true", expect = FORBIDDEN, desc = "two trial calls admitted: over-admission")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "the free trial permit was lost")
@State
public class BreakerHalfOpenAdmission {

    private final CircuitBreaker breaker = CircuitBreaker.of("jcstress", CircuitBreakerConfig.builder()
            .permittedNumberOfCallsInHalfOpenState(1).build());

    public BreakerHalfOpenAdmission() {
        breaker.transitionToHalfOpenState();
    }

    @Actor
    public void first(ZZ_Result r) {
        r.r1 = breaker.tryAcquirePermission();
    }

    @Actor
    public void second(ZZ_Result r) {
        r.r2 = breaker.tryAcquirePermission();
    }
}
