package dev.resilience.spring.boot.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.timeout.TimeoutRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every path and status code of the contract's actuator section, through Spring MVC's dispatcher (the same
 * handler mappings a running server uses), with the starter's auto-configuration as an application gets it.
 */
@SpringBootTest(classes = ResilienceEndpointsWebTests.App.class, properties = {
        "management.endpoints.web.exposure.include=resilience,resilienceevents,health",
        "management.endpoint.health.show-details=always",
        "resilience.events.buffer-size=5",
        "resilience.circuit-breaker.configs.default.sliding-window-size=2",
        "resilience.circuit-breaker.configs.default.minimum-number-of-calls=2",
        "resilience.circuit-breaker.configs.default.wait-duration-in-open-state=1h",
        "resilience.circuit-breaker.instances.critical.allow-health-indicator-to-fail=true",
        "resilience.circuit-breaker.instances.hidden.register-health-indicator=false",
        "resilience.rate-limiter.configs.default.limit-refresh-period=1h",
        "resilience.rate-limiter.configs.default.limit-for-period=3",
        "resilience.retry.configs.default.wait-duration=0ms"
})
@AutoConfigureMockMvc
class ResilienceEndpointsWebTests {

    private static final String V3_JSON = "application/vnd.spring-boot.actuator.v3+json";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    RetryRegistry retries;

    @Autowired
    BulkheadRegistry bulkheads;

    @Autowired
    ThreadPoolBulkheadRegistry threadPoolBulkheads;

    @Autowired
    RateLimiterRegistry rateLimiters;

    @Autowired
    TimeoutRegistry timeouts;

    @Autowired
    OrderService orders;

    @BeforeEach
    void closeEveryBreaker() {
        breakers.all().forEach(dev.resilience.circuitbreaker.CircuitBreaker::reset);
    }

    private void fail(String breaker, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> breakers.get(breaker).executeSupplier(() -> {
                throw new IllegalStateException("boom");
            }));
        }
    }

    private MvcTestResult post(String path, String json) {
        return mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
    }

    @Nested
    class Overview {

        @Test
        void listsEveryInstanceOfEveryPatternWithItsFiguresAndSettings() {
            fail("overview-cb", 1);
            retries.get("overview-retry").executeSupplier(() -> "ok");
            bulkheads.get("overview-bulkhead").tryAcquirePermission();
            threadPoolBulkheads.get("overview-pool");
            rateLimiters.get("overview-limiter").tryAcquirePermission();
            rateLimiters.keyed("overview-keyed").tryAcquirePermission("alice");
            timeouts.get("overview-timeout");

            MvcTestResult result = mvc.get().uri("/actuator/resilience").exchange();
            assertThat(result).hasStatusOk().hasContentType(V3_JSON);
            assertThat(result).bodyJson().extractingPath("$").asMap().containsKeys("circuitBreakers", "retries",
                    "bulkheads", "threadPoolBulkheads", "rateLimiters", "keyedRateLimiters", "timeouts");
            assertThat(result).bodyJson().extractingPath("$.circuitBreakers.overview-cb").asMap()
                    .containsEntry("state", "CLOSED").containsEntry("failureRate", -1.0)
                    .containsEntry("slowCallRate", -1.0).containsEntry("bufferedCalls", 1)
                    .containsEntry("failedCalls", 1).containsEntry("slowCalls", 0)
                    .containsEntry("notPermittedCalls", 0).containsEntry("transitions", List.of());
            assertThat(result).bodyJson().extractingPath("$.circuitBreakers.overview-cb.config").asMap()
                    .containsEntry("slidingWindowType", "COUNT_BASED").containsEntry("slidingWindowSize", 2)
                    .containsEntry("minimumNumberOfCalls", 2).containsEntry("failureRateThreshold", 50.0)
                    .containsEntry("waitDurationInOpenState", "PT1H")
                    .containsEntry("slowCallDurationThreshold", "PT1M");
            assertThat(result).bodyJson().extractingPath("$.retries.overview-retry").asMap()
                    .containsEntry("successfulCallsWithoutRetry", 1).containsEntry("successfulCallsWithRetry", 0)
                    .containsEntry("failedCallsWithoutRetry", 0).containsEntry("failedCallsWithRetry", 0);
            assertThat(result).bodyJson().extractingPath("$.retries.overview-retry.config").asMap()
                    .containsEntry("maxAttempts", 3).containsEntry("waitDuration", "PT0S")
                    .containsEntry("exponentialBackoffEnabled", false)
                    .containsEntry("exponentialBackoffMultiplier", 2.0)
                    .doesNotContainKey("exponentialMaxWaitDuration")
                    .containsEntry("randomizedWaitEnabled", false).containsEntry("randomizedWaitFactor", 0.5);
            assertThat(result).bodyJson().extractingPath("$.bulkheads.overview-bulkhead").asMap()
                    .containsEntry("type", "semaphore").containsEntry("availableConcurrentCalls", 24)
                    .containsEntry("maxAllowedConcurrentCalls", 25);
            assertThat(result).bodyJson().extractingPath("$.threadPoolBulkheads.overview-pool").asMap()
                    .containsEntry("type", "thread-pool").containsEntry("queueDepth", 0)
                    .containsKeys("activeThreadCount", "threadPoolSize", "remainingQueueCapacity", "config");
            assertThat(result).bodyJson().extractingPath("$.rateLimiters.overview-limiter").asMap()
                    .containsEntry("availablePermissions", 2).containsEntry("numberOfWaitingThreads", 0)
                    .containsEntry("config", Map.of("limitForPeriod", 3, "limitRefreshPeriod", "PT1H",
                            "timeoutDuration", "PT0S", "maxKeys", 10000));
            assertThat(result).bodyJson().extractingPath("$.keyedRateLimiters.overview-keyed.keys").isEqualTo(1);
            assertThat(result).bodyJson().extractingPath("$.timeouts.overview-timeout.config").asMap()
                    .containsEntry("timeoutDuration", "PT1S").containsEntry("cancelRunningFuture", true)
                    .containsEntry("mode", "caller");
        }

        @Test
        void showsTheLastTransitionsOfEachBreaker() {
            fail("flapping", 2);
            breakers.get("flapping").transitionToHalfOpenState();
            assertThat(mvc.get().uri("/actuator/resilience")).bodyJson()
                    .extractingPath("$.circuitBreakers.flapping.transitions[*].to").asArray()
                    .containsExactly("OPEN", "HALF_OPEN");
            assertThat(mvc.get().uri("/actuator/resilience")).bodyJson()
                    .extractingPath("$.circuitBreakers.flapping.transitions[0]").asMap()
                    .containsEntry("from", "CLOSED").containsEntry("to", "OPEN")
                    .hasEntrySatisfying("time", time -> assertThat(Instant.parse((String) time)).isNotNull());
        }
    }

    @Nested
    class OneInstance {

        @Test
        void eachPatternHasItsPath() {
            breakers.get("one");
            retries.get("one");
            bulkheads.get("one");
            threadPoolBulkheads.get("one");
            rateLimiters.get("one");
            rateLimiters.keyed("one");
            timeouts.get("one");
            assertThat(mvc.get().uri("/actuator/resilience/circuit-breakers/one")).hasStatusOk()
                    .bodyJson().extractingPath("$.state").isEqualTo("CLOSED");
            assertThat(mvc.get().uri("/actuator/resilience/retries/one")).hasStatusOk()
                    .bodyJson().extractingPath("$.config.maxAttempts").isEqualTo(3);
            assertThat(mvc.get().uri("/actuator/resilience/bulkheads/one")).hasStatusOk()
                    .bodyJson().extractingPath("$.type").isEqualTo("semaphore");
            assertThat(mvc.get().uri("/actuator/resilience/thread-pool-bulkheads/one")).hasStatusOk()
                    .bodyJson().extractingPath("$.type").isEqualTo("thread-pool");
            assertThat(mvc.get().uri("/actuator/resilience/rate-limiters/one")).hasStatusOk()
                    .bodyJson().extractingPath("$.availablePermissions").isEqualTo(3);
            assertThat(mvc.get().uri("/actuator/resilience/keyed-rate-limiters/one")).hasStatusOk()
                    .bodyJson().extractingPath("$.keys").isEqualTo(0);
            assertThat(mvc.get().uri("/actuator/resilience/timeouts/one")).hasStatusOk()
                    .bodyJson().extractingPath("$.config.timeoutDuration").isEqualTo("PT1S");
        }

        @Test
        void anUnknownNameIsA404AndCreatesNothing() {
            assertThat(mvc.get().uri("/actuator/resilience/circuit-breakers/typo")).hasStatus(404)
                    .bodyJson().extractingPath("$.message").isEqualTo("No circuit breaker named 'typo'");
            assertThat(mvc.get().uri("/actuator/resilience/retries/typo")).hasStatus(404)
                    .bodyJson().extractingPath("$.message").isEqualTo("No retry named 'typo'");
            assertThat(breakers.find("typo")).isEmpty();
            assertThat(retries.find("typo")).isEmpty();
        }

        @Test
        void anUnknownPatternIsA404() {
            breakers.get("known");
            assertThat(mvc.get().uri("/actuator/resilience/breakers/known")).hasStatus(404).bodyJson()
                    .extractingPath("$.message").isEqualTo("Unknown pattern 'breakers': must be one of "
                            + "circuit-breakers, retries, bulkheads, thread-pool-bulkheads, rate-limiters, "
                            + "keyed-rate-limiters, timeouts");
        }
    }

    @Nested
    class Transitions {

        @ParameterizedTest
        @EnumSource(dev.resilience.circuitbreaker.CircuitBreaker.State.class)
        void eachStateCanBeSet(dev.resilience.circuitbreaker.CircuitBreaker.State state) {
            String name = "manual-" + state;
            breakers.get(name);
            MvcTestResult result = post("/actuator/resilience/circuit-breakers/" + name,
                    "{\"state\": \"" + state + "\"}");
            assertThat(result).hasStatusOk().bodyJson().extractingPath("$.state").isEqualTo(state.name());
            assertThat(breakers.get(name).state()).isEqualTo(state);
            assertThat(mvc.get().uri("/actuator/resilience/circuit-breakers/" + name)).bodyJson()
                    .extractingPath("$.state").isEqualTo(state.name());
        }

        @Test
        void closedAlsoResetsTheWindow() {
            fail("reopened", 2);
            assertThatThrownBy(() -> breakers.get("reopened").executeSupplier(() -> "rejected"));
            assertThat(breakers.get("reopened").metrics().notPermittedCalls()).isEqualTo(1);

            assertThat(post("/actuator/resilience/circuit-breakers/reopened", "{\"state\": \"CLOSED\"}"))
                    .hasStatusOk().bodyJson().extractingPath("$").asMap().containsEntry("state", "CLOSED")
                    .containsEntry("bufferedCalls", 0).containsEntry("failedCalls", 0)
                    .containsEntry("notPermittedCalls", 0);
            assertThat(breakers.get("reopened").metrics().bufferedCalls()).isZero();
        }

        @Test
        void theStateIsCaseInsensitive() {
            breakers.get("lower");
            assertThat(post("/actuator/resilience/circuit-breakers/lower", "{\"state\": \"forced_open\"}"))
                    .hasStatusOk();
            assertThat(breakers.get("lower").state())
                    .isEqualTo(dev.resilience.circuitbreaker.CircuitBreaker.State.FORCED_OPEN);
        }

        @Test
        void anUnknownOrMissingStateIsA400ListingTheAllowedStates() {
            breakers.get("steady");
            assertThat(post("/actuator/resilience/circuit-breakers/steady", "{\"state\": \"BROKEN\"}"))
                    .hasStatus(400).bodyJson().extractingPath("$").asMap().containsEntry("status", 400)
                    .containsEntry("error", "Bad Request").containsEntry("message", "Unknown state 'BROKEN': "
                            + "must be one of CLOSED, OPEN, HALF_OPEN, DISABLED, METRICS_ONLY, FORCED_OPEN");
            assertThat(post("/actuator/resilience/circuit-breakers/steady", "{}")).hasStatus(400).bodyJson()
                    .extractingPath("$.message").isEqualTo("Missing 'state': must be one of CLOSED, OPEN, "
                            + "HALF_OPEN, DISABLED, METRICS_ONLY, FORCED_OPEN");
            assertThat(breakers.get("steady").state())
                    .isEqualTo(dev.resilience.circuitbreaker.CircuitBreaker.State.CLOSED);
        }

        @Test
        void anUnknownBreakerIsA404AndIsNotCreated() {
            assertThat(post("/actuator/resilience/circuit-breakers/nobody", "{\"state\": \"OPEN\"}"))
                    .hasStatus(404).bodyJson().extractingPath("$.message")
                    .isEqualTo("No circuit breaker named 'nobody'");
            assertThat(breakers.find("nobody")).isEmpty();
        }

        @Test
        void onlyCircuitBreakersCanBeWritten() {
            retries.get("written");
            assertThat(post("/actuator/resilience/retries/written", "{\"state\": \"OPEN\"}")).hasStatus(405)
                    .bodyJson().extractingPath("$.message").isEqualTo(
                            "Only circuit breakers can be transitioned, not retries; POST to circuit-breakers/{name}");
            assertThat(post("/actuator/resilience/whatever/written", "{\"state\": \"OPEN\"}")).hasStatus(404);
        }
    }

    @Nested
    class Events {

        @Test
        void anInstancesEventsNewestLastBoundedByTheBufferSize() {
            fail("eventful", 2);
            assertThatThrownBy(() -> breakers.get("eventful").executeSupplier(() -> "rejected"));
            MvcTestResult result = mvc.get().uri("/actuator/resilienceevents/eventful").exchange();
            assertThat(result).hasStatusOk().hasContentType(V3_JSON).bodyJson().extractingPath("$.events[*].type")
                    .asArray().containsExactly("ERROR", "ERROR", "FAILURE_RATE_EXCEEDED", "STATE_TRANSITION",
                            "NOT_PERMITTED");
            assertThat(result).bodyJson().extractingPath("$.events[3]").asMap()
                    .containsEntry("pattern", "circuit-breaker").containsEntry("name", "eventful")
                    .containsEntry("details", Map.of("fromState", "CLOSED", "toState", "OPEN"))
                    .hasEntrySatisfying("time", time -> assertThat(Instant.parse((String) time)).isNotNull());
            assertThat(result).bodyJson().extractingPath("$.events[0].details").asMap()
                    .containsEntry("exception", IllegalStateException.class.getName())
                    .containsEntry("message", "boom").containsKey("duration");

            breakers.get("eventful").transitionToHalfOpenState();
            assertThat(mvc.get().uri("/actuator/resilienceevents/eventful")).bodyJson()
                    .extractingPath("$.events[*].type").asArray().containsExactly("ERROR",
                            "FAILURE_RATE_EXCEEDED", "STATE_TRANSITION", "NOT_PERMITTED", "STATE_TRANSITION");
        }

        @Test
        void allEventsNewestLastAndOneNameAcrossPatterns() {
            breakers.get("first").transitionToOpenState();
            breakers.get("second").transitionToOpenState();
            breakers.get("first").transitionToHalfOpenState();
            assertThatThrownBy(() -> retries.get("second").executeSupplier(() -> {
                throw new IllegalStateException("again");
            }));
            assertThat(mvc.get().uri("/actuator/resilienceevents")).hasStatusOk().bodyJson()
                    .extractingPath("$.events[-6:]").asArray().extracting("name", "type").containsExactly(
                            tuple("first", "STATE_TRANSITION"),
                            tuple("second", "STATE_TRANSITION"),
                            tuple("first", "STATE_TRANSITION"),
                            tuple("second", "RETRY"),
                            tuple("second", "RETRY"),
                            tuple("second", "ERROR"));
            assertThat(mvc.get().uri("/actuator/resilienceevents/second")).bodyJson()
                    .extractingPath("$.events[*].pattern").asArray()
                    .containsExactly("circuit-breaker", "retry", "retry", "retry");
        }

        @Test
        void fallbacksOfAnnotatedMethodsAreEvents() {
            assertThat(orders.place("book")).isEqualTo("queued book");
            assertThat(mvc.get().uri("/actuator/resilienceevents/{name}", "OrderService#place")).hasStatusOk()
                    .bodyJson().extractingPath("$.events[*].type").asArray().containsExactly("FALLBACK");
            assertThat(mvc.get().uri("/actuator/resilienceevents/annotated")).hasStatusOk()
                    .bodyJson().extractingPath("$.events[*].type").asArray().contains("ERROR");
        }

        @Test
        void anUnknownNameIsA404() {
            assertThat(mvc.get().uri("/actuator/resilienceevents/nobody")).hasStatus(404);
            breakers.get("quiet");
            assertThat(mvc.get().uri("/actuator/resilienceevents/quiet")).hasStatusOk().bodyJson()
                    .extractingPath("$.events").asArray().isEmpty();
        }
    }

    @Nested
    class Health {

        @Test
        void upByDefaultListingEachRegisteredBreaker() {
            breakers.get("critical");
            breakers.get("hidden");
            breakers.get("relaxed").transitionToOpenState();
            MvcTestResult result = mvc.get().uri("/actuator/health/resilience").exchange();
            assertThat(result).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("UP");
            assertThat(result).bodyJson().extractingPath("$.components").asMap().containsKeys("critical", "relaxed")
                    .doesNotContainKey("hidden");
            assertThat(result).bodyJson().extractingPath("$.components.relaxed").asMap()
                    .containsEntry("status", "UP").extractingByKey("details").asInstanceOf(
                            org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("state", "OPEN").containsEntry("failureRate", -1.0)
                    .containsEntry("bufferedCalls", 0);
        }

        @Test
        void downOnlyWhileABreakerAllowedToFailIsOpenOrForcedOpen() {
            breakers.get("critical").transitionToOpenState();
            assertThat(mvc.get().uri("/actuator/health/resilience")).hasStatus(503).bodyJson()
                    .extractingPath("$.status").isEqualTo("DOWN");
            assertThat(mvc.get().uri("/actuator/health")).hasStatus(503);
            assertThat(mvc.get().uri("/actuator/health/resilience/critical")).hasStatus(503).bodyJson()
                    .extractingPath("$.details.state").isEqualTo("OPEN");

            breakers.get("critical").transitionToHalfOpenState();
            assertThat(mvc.get().uri("/actuator/health/resilience")).hasStatusOk().bodyJson()
                    .extractingPath("$.status").isEqualTo("UP");

            breakers.get("critical").transitionToForcedOpenState();
            assertThat(mvc.get().uri("/actuator/health/resilience")).hasStatus(503);

            breakers.get("critical").transitionToDisabledState();
            assertThat(mvc.get().uri("/actuator/health/resilience")).hasStatusOk();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        OrderService orderService() {
            return new OrderService();
        }
    }

    static class OrderService {

        @CircuitBreaker(name = "annotated")
        @Fallback(method = "queued")
        public String place(String item) {
            throw new IllegalStateException("warehouse down");
        }

        public String queued(String item) {
            return "queued " + item;
        }
    }
}
