package dev.resilience.jcstress;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LI_Result;

import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

@JCStressTest
@Description("HALF_OPEN with two trial calls, one succeeding and one failing at the same time (failure rate 50% "
        + "= threshold): the trial is decided exactly once, and it opens the breaker again.")
@Outcome(id = "OPEN, 1", expect = ACCEPTABLE, desc = "decided once: back to OPEN")
@Outcome(expect = FORBIDDEN, desc = "undecided, decided twice, or decided wrongly")
@State
public class BreakerTrialDecision {

    private final AtomicInteger decisions = new AtomicInteger();
    private final CircuitBreaker breaker = CircuitBreaker.of("jcstress", CircuitBreakerConfig.builder()
            .permittedNumberOfCallsInHalfOpenState(2).failureRateThreshold(50).build());

    public BreakerTrialDecision() {
        breaker.transitionToHalfOpenState();
        breaker.addListener(new CircuitBreakerListener() {
            @Override
            public void onStateTransition(CircuitBreaker circuitBreaker, CircuitBreaker.State from,
                    CircuitBreaker.State to) {
                if (from == CircuitBreaker.State.HALF_OPEN) {
                    decisions.incrementAndGet();
                }
            }
        });
    }

    @Actor
    public void succeeding() {
        breaker.executeSupplier(() -> "ok");
    }

    @Actor
    public void failing() {
        try {
            breaker.executeSupplier(() -> {
                throw new IllegalStateException("trial failed");
            });
        } catch (IllegalStateException expected) {
            // the trial's own failure
        }
    }

    @Arbiter
    public void arbiter(LI_Result r) {
        r.r1 = breaker.state();
        r.r2 = decisions.get();
    }
}
