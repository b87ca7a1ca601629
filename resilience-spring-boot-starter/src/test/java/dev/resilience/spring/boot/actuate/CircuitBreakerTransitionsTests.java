package dev.resilience.spring.boot.actuate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import static dev.resilience.circuitbreaker.CircuitBreaker.State.CLOSED;
import static dev.resilience.circuitbreaker.CircuitBreaker.State.DISABLED;
import static dev.resilience.circuitbreaker.CircuitBreaker.State.FORCED_OPEN;
import static dev.resilience.circuitbreaker.CircuitBreaker.State.HALF_OPEN;
import static dev.resilience.circuitbreaker.CircuitBreaker.State.METRICS_ONLY;
import static dev.resilience.circuitbreaker.CircuitBreaker.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

class CircuitBreakerTransitionsTests {

    private static final Instant NOW = Instant.parse("2026-11-05T10:15:30Z");

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.builder()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());

    @Test
    void keepsTheLastTransitionsOfEachBreakerOldestFirst() {
        CircuitBreakerTransitions transitions = new CircuitBreakerTransitions(registry, 3);
        CircuitBreaker breaker = registry.get("backend");
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        breaker.transitionToForcedOpenState();
        breaker.transitionToDisabledState();
        registry.get("other").transitionToMetricsOnlyState();

        assertThat(transitions.of("backend")).extracting(CircuitBreakerTransitions.Transition::time,
                CircuitBreakerTransitions.Transition::from, CircuitBreakerTransitions.Transition::to)
                .containsExactly(tuple(NOW, OPEN, HALF_OPEN), tuple(NOW, HALF_OPEN, FORCED_OPEN),
                        tuple(NOW, FORCED_OPEN, DISABLED));
        assertThat(transitions.of("other")).extracting(CircuitBreakerTransitions.Transition::to)
                .containsExactly(METRICS_ONLY);
        assertThat(transitions.of("unknown")).isEmpty();
    }

    @Test
    void forgetsRemovedBreakersAndStopsOnClose() {
        CircuitBreakerTransitions transitions = new CircuitBreakerTransitions(registry);
        registry.get("gone").transitionToOpenState();
        registry.remove("gone");
        assertThat(transitions.of("gone")).isEmpty();

        CircuitBreaker breaker = registry.get("kept");
        breaker.transitionToOpenState();
        transitions.close();
        breaker.transitionToClosedState();
        assertThat(transitions.of("kept")).extracting(CircuitBreakerTransitions.Transition::to).containsExactly(OPEN);
    }

    @Test
    void keepsTenByDefaultAndRejectsASizeBelowOne() {
        CircuitBreakerTransitions transitions = new CircuitBreakerTransitions(registry);
        CircuitBreaker breaker = registry.get("flapping");
        for (int i = 0; i < 15; i++) {
            breaker.transitionTo(i % 2 == 0 ? OPEN : CLOSED);
        }
        assertThat(transitions.of("flapping")).hasSize(CircuitBreakerTransitions.DEFAULT_SIZE);
        assertThatIllegalArgumentException().isThrownBy(() -> new CircuitBreakerTransitions(registry, 0))
                .withMessage("Invalid 'size' (0): must be greater than or equal to 1");
    }
}
