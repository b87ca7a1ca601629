package dev.resilience.spring.boot.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutRegistry;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stand-in for the {@code resilience} actuator endpoint while it is being built elsewhere: serves the JSON shape
 * of the contract ("Actuator") at the same paths, so the dashboard is developed and tested against it. To be
 * replaced by the real endpoint once it is on {@code main}.
 */
@RestController
class StubResilienceEndpoint {

    private final CircuitBreakerRegistry circuitBreakers;

    private final BulkheadRegistry bulkheads;

    private final RateLimiterRegistry rateLimiters;

    private final Map<String, List<Map<String, Object>>> transitions = new ConcurrentHashMap<>();

    private final RetryRegistry retries;

    private final TimeoutRegistry timeouts;

    StubResilienceEndpoint(CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads,
            RateLimiterRegistry rateLimiters, RetryRegistry retries, TimeoutRegistry timeouts) {
        this.retries = retries;
        this.timeouts = timeouts;
        this.circuitBreakers = circuitBreakers;
        this.bulkheads = bulkheads;
        this.rateLimiters = rateLimiters;
        circuitBreakers.addListener(new CircuitBreakerListener() {
            @Override
            public void onStateTransition(CircuitBreaker breaker, CircuitBreaker.State from, CircuitBreaker.State to) {
                Map<String, Object> transition = new LinkedHashMap<>();
                transition.put("from", from.name());
                transition.put("to", to.name());
                transition.put("time", Instant.now().toString());
                transitions.computeIfAbsent(breaker.name(), name -> new CopyOnWriteArrayList<>()).add(transition);
            }
        });
    }

    @GetMapping("/actuator/resilience")
    Map<String, Object> overview() {
        Map<String, Object> breakers = new LinkedHashMap<>();
        for (CircuitBreaker breaker : circuitBreakers.all()) {
            CircuitBreaker.Metrics metrics = breaker.metrics();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("state", breaker.state().name());
            entry.put("failureRate", metrics.failureRate());
            entry.put("slowCallRate", metrics.slowCallRate());
            entry.put("bufferedCalls", metrics.bufferedCalls());
            entry.put("failedCalls", metrics.failedCalls());
            entry.put("notPermittedCalls", metrics.notPermittedCalls());
            entry.put("slowCalls", metrics.slowCalls());
            entry.put("successfulCalls", metrics.successfulCalls());
            entry.put("config", Map.of("minimumNumberOfCalls", breaker.config().minimumNumberOfCalls(),
                    "failureRateThreshold", breaker.config().failureRateThreshold(),
                    "slowCallRateThreshold", breaker.config().slowCallRateThreshold(),
                    "waitDurationInOpenState", breaker.config().waitDurationInOpenState().toString()));
            entry.put("transitions", new ArrayList<>(transitions.getOrDefault(breaker.name(), List.of())));
            breakers.put(breaker.name(), entry);
        }
        Map<String, Object> bulkheadEntries = new LinkedHashMap<>();
        for (Bulkhead bulkhead : bulkheads.all()) {
            bulkheadEntries.put(bulkhead.name(), Map.of("type", "semaphore",
                    "availableConcurrentCalls", bulkhead.metrics().availableConcurrentCalls(),
                    "maxAllowedConcurrentCalls", bulkhead.metrics().maxAllowedConcurrentCalls(),
                    "config", Map.of("maxConcurrentCalls", bulkhead.config().maxConcurrentCalls(),
                            "maxWaitDuration", bulkhead.config().maxWaitDuration().toString())));
        }
        Map<String, Object> limiterEntries = new LinkedHashMap<>();
        for (RateLimiter limiter : rateLimiters.all()) {
            limiterEntries.put(limiter.name(), Map.of(
                    "availablePermissions", limiter.metrics().availablePermissions(),
                    "numberOfWaitingThreads", limiter.metrics().numberOfWaitingThreads(),
                    "config", Map.of("limitForPeriod", limiter.config().limitForPeriod(),
                            "limitRefreshPeriod", limiter.config().limitRefreshPeriod().toString(),
                            "timeoutDuration", limiter.config().timeoutDuration().toString())));
        }
        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("circuitBreakers", breakers);
        Map<String, Object> retryEntries = new LinkedHashMap<>();
        for (Retry retry : retries.all()) {
            retryEntries.put(retry.name(), Map.of(
                    "successfulCallsWithoutRetry", retry.metrics().successfulCallsWithoutRetry(),
                    "failedCallsWithRetry", retry.metrics().failedCallsWithRetry(),
                    "config", Map.of("maxAttempts", retry.config().maxAttempts(),
                            "waitDuration", retry.config().waitDuration().toString())));
        }
        Map<String, Object> timeoutEntries = new LinkedHashMap<>();
        for (Timeout timeout : timeouts.all()) {
            timeoutEntries.put(timeout.name(), Map.of("config", Map.of(
                    "timeoutDuration", timeout.config().timeoutDuration().toString(),
                    "cancelRunningFuture", timeout.config().cancelRunningFuture())));
        }
        overview.put("retries", retryEntries);
        overview.put("bulkheads", bulkheadEntries);
        overview.put("rateLimiters", limiterEntries);
        overview.put("timeouts", timeoutEntries);
        return overview;
    }

    @PostMapping("/actuator/resilience/circuit-breakers/{name}")
    ResponseEntity<Void> transition(@PathVariable String name, @RequestBody Map<String, String> body) {
        CircuitBreaker breaker = circuitBreakers.find(name).orElse(null);
        if (breaker == null) {
            return ResponseEntity.notFound().build();
        }
        CircuitBreaker.State state;
        try {
            state = CircuitBreaker.State.valueOf(body.getOrDefault("state", ""));
        }
        catch (IllegalArgumentException ex) {
            return ResponseEntity.badRequest().build();
        }
        breaker.transitionTo(state);
        return ResponseEntity.noContent().build();
    }
}
