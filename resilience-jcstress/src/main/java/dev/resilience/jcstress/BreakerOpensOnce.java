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
import org.openjdk.jcstress.infra.results.LII_Result;

import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

@JCStressTest
@Description("CLOSED, window of 2, threshold 50%: two failures recorded at once cross the threshold together. The "
        + "breaker opens exactly once, and the failure-rate-exceeded event is told exactly once.")
@Outcome(id = "OPEN, 1, 1", expect = ACCEPTABLE, desc = "opened once, told once")
@Outcome(expect = FORBIDDEN, desc = "opened twice or not at all, or told twice")
@State
public class BreakerOpensOnce {

    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger exceeded = new AtomicInteger();
    private final CircuitBreaker breaker = CircuitBreaker.of("jcstress", CircuitBreakerConfig.builder()
            .slidingWindowSize(2).minimumNumberOfCalls(2).failureRateThreshold(50).build());

    public BreakerOpensOnce() {
        breaker.addListener(new CircuitBreakerListener() {
            @Override
            public void onStateTransition(CircuitBreaker circuitBreaker, CircuitBreaker.State from,
                    CircuitBreaker.State to) {
                if (to == CircuitBreaker.State.OPEN) {
                    opened.incrementAndGet();
                }
            }

            @Override
            public void onFailureRateExceeded(CircuitBreaker circuitBreaker, float failureRate) {
                exceeded.incrementAndGet();
            }
        });
    }

    @Actor
    public void first() {
        fail();
    }

    @Actor
    public void second() {
        fail();
    }

    private void fail() {
        try {
            breaker.executeSupplier(() -> {
                throw new IllegalStateException("down");
            });
        } catch (IllegalStateException expected) {
            // the call's own failure
        }
    }

    @Arbiter
    public void arbiter(LII_Result r) {
        r.r1 = breaker.state();
        r.r2 = opened.get();
        r.r3 = exceeded.get();
    }
}
