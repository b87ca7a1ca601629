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
import org.openjdk.jcstress.infra.results.ZZI_Result;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

@JCStressTest
@Description("OPEN whose wait has passed, one trial permit: two concurrent callers move it to HALF_OPEN exactly "
        + "once, and exactly one of them is the trial call.")
@Outcome(id = {"true, false, 1", "false, true, 1"}, expect = ACCEPTABLE, desc = "one transition, one trial")
@Outcome(expect = FORBIDDEN, desc = "a transition repeated or lost, or a trial permit doubled or lost")
@State
public class BreakerOpenToHalfOpen {

    private final StateTicker ticker = new StateTicker(Duration.ofSeconds(10).toNanos());
    private final AtomicInteger toHalfOpen = new AtomicInteger();
    private final CircuitBreaker breaker;

    public BreakerOpenToHalfOpen() {
        ticker.nextReadingOnThisThread(0); // the breaker is created and opened at 0
        breaker = CircuitBreaker.of("jcstress", CircuitBreakerConfig.builder().ticker(ticker)
                .waitDurationInOpenState(Duration.ofSeconds(5)).permittedNumberOfCallsInHalfOpenState(1).build());
        ticker.nextReadingOnThisThread(0);
        breaker.transitionToOpenState();
        breaker.addListener(new CircuitBreakerListener() {
            @Override
            public void onStateTransition(CircuitBreaker circuitBreaker, CircuitBreaker.State from,
                    CircuitBreaker.State to) {
                if (from == CircuitBreaker.State.OPEN && to == CircuitBreaker.State.HALF_OPEN) {
                    toHalfOpen.incrementAndGet();
                }
            }
        });
    }

    @Actor
    public void first(ZZI_Result r) {
        r.r1 = breaker.tryAcquirePermission();
    }

    @Actor
    public void second(ZZI_Result r) {
        r.r2 = breaker.tryAcquirePermission();
    }

    @Arbiter
    public void arbiter(ZZI_Result r) {
        r.r3 = toHalfOpen.get();
    }
}
