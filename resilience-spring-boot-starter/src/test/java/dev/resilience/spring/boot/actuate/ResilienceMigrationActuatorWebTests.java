package dev.resilience.spring.boot.actuate;

import java.util.List;
import java.util.function.Predicate;

import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What resilience4j users look for in the actuator: a breaker's record/ignore exceptions and predicates in
 * its entry, a per-instance {@code event-consumer-buffer-size}, and the opt-in rate limiter health.
 */
@SpringBootTest(classes = ResilienceMigrationActuatorWebTests.App.class, properties = {
        "management.endpoints.web.exposure.include=resilience,resilienceevents,health",
        "management.endpoint.health.show-details=always",
        "resilience.events.buffer-size=4",
        "resilience.circuit-breaker.instances.classified.record-exceptions=java.io.IOException",
        "resilience.circuit-breaker.instances.classified.ignore-exceptions=java.lang.IllegalArgumentException",
        "resilience.circuit-breaker.instances.classified.record-failure-predicate="
                + "dev.resilience.spring.boot.actuate.ResilienceMigrationActuatorWebTests$Fatal",
        "resilience.circuit-breaker.instances.classified.record-result-predicate="
                + "dev.resilience.spring.boot.actuate.ResilienceMigrationActuatorWebTests$Empty",
        "resilience.circuit-breaker.instances.short-memory.event-consumer-buffer-size=2",
        "resilience.rate-limiter.configs.default.limit-for-period=1",
        "resilience.rate-limiter.configs.default.limit-refresh-period=1h",
        "resilience.rate-limiter.instances.listed.register-health-indicator=true",
        "resilience.rate-limiter.instances.critical.register-health-indicator=true",
        "resilience.rate-limiter.instances.critical.allow-health-indicator-to-fail=true"
})
@AutoConfigureMockMvc
class ResilienceMigrationActuatorWebTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    RateLimiterRegistry rateLimiters;

    @Test
    void aBreakersEntryShowsWhatCountsAsAFailure() {
        breakers.get("classified");
        breakers.get("plain");

        assertThat(mvc.get().uri("/actuator/resilience/circuit-breakers/classified")).hasStatusOk().bodyJson()
                .extractingPath("$.config").asMap()
                .containsEntry("recordExceptions", List.of("java.io.IOException"))
                .containsEntry("ignoreExceptions", List.of("java.lang.IllegalArgumentException",
                        "dev.resilience.bulkhead.BulkheadFullException",
                        "dev.resilience.ratelimiter.RateLimitExceededException",
                        "dev.resilience.circuitbreaker.CallNotPermittedException"))
                .containsEntry("recordFailurePredicate", Fatal.class.getName())
                .containsEntry("recordResultPredicate", Empty.class.getName())
                .doesNotContainKey("ignoreExceptionPredicate");
        assertThat(mvc.get().uri("/actuator/resilience/circuit-breakers/plain")).bodyJson()
                .extractingPath("$.config").asMap().containsEntry("recordExceptions", List.of())
                .doesNotContainKeys("recordFailurePredicate", "ignoreExceptionPredicate", "recordResultPredicate");
    }

    @Test
    void anInstancesEventConsumerBufferSizeBoundsItsEvents() {
        for (String name : List.of("short-memory", "default-memory")) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> breakers.get(name).executeSupplier(() -> {
                    throw new IllegalStateException("boom");
                }));
            }
        }

        assertThat(mvc.get().uri("/actuator/resilienceevents/short-memory")).bodyJson()
                .extractingPath("$.events[*].type").asArray().hasSize(2);
        assertThat(mvc.get().uri("/actuator/resilienceevents/default-memory")).bodyJson()
                .extractingPath("$.events[*].type").asArray().hasSize(3);
    }

    @Test
    void rateLimitersAreInTheHealthOnlyWhenTheyAskAndDownOnlyWhenAllowedToFail() {
        rateLimiters.get("unlisted").acquirePermission();
        rateLimiters.get("listed").acquirePermission();
        assertThat(mvc.get().uri("/actuator/health/resilienceRateLimiters")).hasStatusOk().bodyJson()
                .extractingPath("$.components").asMap().containsOnlyKeys("listed");

        rateLimiters.get("critical");
        assertThat(mvc.get().uri("/actuator/health/resilienceRateLimiters/critical")).hasStatusOk().bodyJson()
                .extractingPath("$.details").asMap().containsEntry("availablePermissions", 1)
                .containsEntry("limitForPeriod", 1).containsEntry("limitRefreshPeriod", "PT1H");

        rateLimiters.get("critical").acquirePermission();
        assertThat(mvc.get().uri("/actuator/health/resilienceRateLimiters/critical")).hasStatus(503).bodyJson()
                .extractingPath("$.status").isEqualTo("DOWN");
        assertThat(mvc.get().uri("/actuator/health/resilienceRateLimiters/listed")).hasStatusOk().bodyJson()
                .extractingPath("$.status").isEqualTo("UP");
    }

    /** Failures marked fatal. */
    public static class Fatal implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            return String.valueOf(failure.getMessage()).contains("fatal");
        }
    }

    /** Empty results. */
    public static class Empty implements Predicate<Object> {
        @Override
        public boolean test(Object result) {
            return result == null;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
