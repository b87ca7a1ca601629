package dev.resilience.spring.boot.actuate;

import java.util.Map;
import java.util.Set;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.spring.boot.actuate.CircuitBreakerHealthSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakersHealthContributorTests {

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

    private final Set<String> canFail = Set.of("critical");

    private final Set<String> unlisted = Set.of("hidden");

    private final CircuitBreakersHealthContributor contributor = new CircuitBreakersHealthContributor(registry,
            CircuitBreakerHealthSettings.of(name -> !unlisted.contains(name), canFail::contains));

    private Health health(String name) {
        return ((HealthIndicator) contributor.getContributor(name)).health();
    }

    @ParameterizedTest
    @EnumSource(CircuitBreaker.State.class)
    void aBreakerThatMayNotFailIsUpInEveryState(CircuitBreaker.State state) {
        registry.get("lenient").transitionTo(state);
        assertThat(health("lenient").getStatus()).isEqualTo(Status.UP);
        assertThat(health("lenient").getDetails()).containsEntry("state", state.name());
    }

    @ParameterizedTest
    @EnumSource(CircuitBreaker.State.class)
    void aBreakerThatMayFailIsDownOnlyWhileOpenOrForcedOpen(CircuitBreaker.State state) {
        registry.get("critical").transitionTo(state);
        Status expected = state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN
                ? Status.DOWN : Status.UP;
        assertThat(health("critical").getStatus()).isEqualTo(expected);
    }

    @Test
    void listsEveryRegisteredBreakerIncludingLaterOnesWithTheirFigures() {
        registry.get("a");
        registry.get("hidden");
        assertThat(contributor.stream().map(HealthContributors.Entry::name)).containsExactly("a");
        registry.get("late").onError(0, new IllegalStateException());
        assertThat(contributor.stream().map(HealthContributors.Entry::name)).containsExactly("a", "late");
        assertThat(contributor.getContributor("hidden")).isNull();
        assertThat(contributor.getContributor("unknown")).isNull();
        assertThat(registry.find("unknown")).as("never created by a health read").isEmpty();

        Map<String, Object> details = health("late").getDetails();
        assertThat(details).containsEntry("state", "CLOSED").containsEntry("failureRate", -1.0f)
                .containsEntry("slowCallRate", -1.0f).containsEntry("failureRateThreshold", 50.0f)
                .containsEntry("slowCallRateThreshold", 100.0f).containsEntry("bufferedCalls", 1)
                .containsEntry("failedCalls", 1).containsEntry("slowCalls", 0)
                .containsEntry("notPermittedCalls", 0L);
        registry.remove("late");
        assertThat(contributor.stream().map(HealthContributors.Entry::name)).containsExactly("a");
    }

    @Test
    void defaultSettingsListEveryBreakerAndNeverFail() {
        CircuitBreakersHealthContributor defaults = new CircuitBreakersHealthContributor(registry,
                CircuitBreakerHealthSettings.ofDefaults());
        registry.get("open").transitionToOpenState();
        assertThat(((HealthIndicator) defaults.getContributor("open")).health().getStatus()).isEqualTo(Status.UP);
    }
}
