package dev.resilience.spring.cloud;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code resilience.spring-cloud.*}: how the Spring Cloud CircuitBreaker factories build the protection of an
 * id. The patterns themselves are configured as everywhere else, under
 * {@code resilience.circuit-breaker.instances.<id>}, {@code resilience.timeout.instances.<id>} and
 * {@code resilience.bulkhead.instances.<id>}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(ResilienceSpringCloudProperties.PREFIX)
public class ResilienceSpringCloudProperties {

    /** The prefix of these properties. */
    public static final String PREFIX = "resilience.spring-cloud";

    /**
     * Whether to provide the Spring Cloud CircuitBreaker factories ({@code CircuitBreakerFactory} and, with
     * Reactor, {@code ReactiveCircuitBreakerFactory}) backed by dev.resilience.
     */
    private boolean enabled = true;

    /**
     * Which ids also get a timeout, inside the circuit breaker: {@code configured} (an id with properties under
     * {@code resilience.timeout.instances.<id>}, or whose group names a {@code resilience.timeout.configs}
     * entry, or configured in code), {@code all} (every id; the {@code default} timeout config for ids without
     * their own) or {@code none}.
     */
    private Scope timeouts = Scope.CONFIGURED;

    /**
     * Which ids also get a semaphore bulkhead, inside the circuit breaker and the timeout: {@code configured}
     * (an id with properties under {@code resilience.bulkhead.instances.<id>}, or whose group names a
     * {@code resilience.bulkhead.configs} entry, or configured in code), {@code all} or {@code none}.
     */
    private Scope bulkheads = Scope.CONFIGURED;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Scope getTimeouts() {
        return timeouts;
    }

    public void setTimeouts(Scope timeouts) {
        this.timeouts = timeouts;
    }

    public Scope getBulkheads() {
        return bulkheads;
    }

    public void setBulkheads(Scope bulkheads) {
        this.bulkheads = bulkheads;
    }

    /** Which ids a pattern applies to. */
    public enum Scope {
        /** Ids configured for that pattern in properties (instance or group config) or in code. */
        CONFIGURED,
        /** Every id. */
        ALL,
        /** No id, whatever the properties say; code can still configure one. */
        NONE
    }
}
