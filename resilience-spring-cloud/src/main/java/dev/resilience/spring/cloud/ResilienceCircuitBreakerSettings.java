package dev.resilience.spring.cloud;

import java.util.Objects;

import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.timeout.TimeoutConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.circuitbreaker.ConfigBuilder;

/**
 * What one Spring Cloud circuit breaker id is made of, set in code with
 * {@code factory.configure(builder -> builder..., "id")} or {@code factory.configureDefault(id -> ...)}.
 *
 * <p>Each of the three parts is either left to the properties ({@code null} config, not switched off: the
 * circuit breaker {@code resilience.circuit-breaker.instances.<id>}, and a timeout or bulkhead as
 * {@code resilience.spring-cloud.timeouts} / {@code bulkheads} decide), or given here (the instance {@code <id>}
 * of that pattern's registry is configured with it, so the actuator, metrics and dashboard show it under the
 * same name), or switched off (timeout and bulkhead only).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ResilienceCircuitBreakerSettings {

    private static final ResilienceCircuitBreakerSettings FROM_PROPERTIES =
            new ResilienceCircuitBreakerSettings(null, null, false, null, false);

    private final @Nullable CircuitBreakerConfig circuitBreakerConfig;
    private final @Nullable TimeoutConfig timeoutConfig;
    private final boolean timeoutDisabled;
    private final @Nullable BulkheadConfig bulkheadConfig;
    private final boolean bulkheadDisabled;

    private ResilienceCircuitBreakerSettings(@Nullable CircuitBreakerConfig circuitBreakerConfig,
            @Nullable TimeoutConfig timeoutConfig, boolean timeoutDisabled, @Nullable BulkheadConfig bulkheadConfig,
            boolean bulkheadDisabled) {
        this.circuitBreakerConfig = circuitBreakerConfig;
        this.timeoutConfig = timeoutConfig;
        this.timeoutDisabled = timeoutDisabled;
        this.bulkheadConfig = bulkheadConfig;
        this.bulkheadDisabled = bulkheadDisabled;
    }

    /** Everything from the properties: what an id that was never configured in code gets. */
    public static ResilienceCircuitBreakerSettings fromProperties() {
        return FROM_PROPERTIES;
    }

    /** A builder starting from {@link #fromProperties()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The breaker's own configuration, or {@code null} to use the registry's (the properties'). */
    public @Nullable CircuitBreakerConfig circuitBreakerConfig() {
        return circuitBreakerConfig;
    }

    /** The timeout's configuration, or {@code null} to let the properties decide (see {@link #timeoutDisabled()}). */
    public @Nullable TimeoutConfig timeoutConfig() {
        return timeoutConfig;
    }

    /** Whether the id has no timeout, whatever the properties say. */
    public boolean timeoutDisabled() {
        return timeoutDisabled;
    }

    /** The bulkhead's configuration, or {@code null} to let the properties decide (see {@link #bulkheadDisabled()}). */
    public @Nullable BulkheadConfig bulkheadConfig() {
        return bulkheadConfig;
    }

    /** Whether the id has no bulkhead, whatever the properties say. */
    public boolean bulkheadDisabled() {
        return bulkheadDisabled;
    }

    @Override
    public String toString() {
        return "ResilienceCircuitBreakerSettings[circuitBreaker=" + (circuitBreakerConfig == null ? "properties"
                : circuitBreakerConfig) + ", timeout=" + part(timeoutConfig, timeoutDisabled) + ", bulkhead="
                + part(bulkheadConfig, bulkheadDisabled) + "]";
    }

    private static String part(@Nullable Object config, boolean disabled) {
        return disabled ? "off" : config == null ? "properties" : config.toString();
    }

    /**
     * Builds {@link ResilienceCircuitBreakerSettings}; the {@link ConfigBuilder} that
     * {@code factory.configure(consumer, ids...)} hands to {@code consumer}. Not thread-safe; the settings it
     * builds are.
     */
    public static final class Builder implements ConfigBuilder<ResilienceCircuitBreakerSettings> {

        private @Nullable CircuitBreakerConfig circuitBreakerConfig;
        private @Nullable TimeoutConfig timeoutConfig;
        private boolean timeoutDisabled;
        private @Nullable BulkheadConfig bulkheadConfig;
        private boolean bulkheadDisabled;

        Builder() {
        }

        /** The breaker's configuration (default: the properties' for the id). */
        public Builder circuitBreakerConfig(CircuitBreakerConfig config) {
            this.circuitBreakerConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Bounds each call with this timeout (default: as {@code resilience.spring-cloud.timeouts} says). */
        public Builder timeoutConfig(TimeoutConfig config) {
            this.timeoutConfig = Objects.requireNonNull(config, "config");
            this.timeoutDisabled = false;
            return this;
        }

        /** No timeout for the id, whatever the properties say. */
        public Builder withoutTimeout() {
            this.timeoutConfig = null;
            this.timeoutDisabled = true;
            return this;
        }

        /** Limits concurrent calls with this bulkhead (default: as {@code resilience.spring-cloud.bulkheads} says). */
        public Builder bulkheadConfig(BulkheadConfig config) {
            this.bulkheadConfig = Objects.requireNonNull(config, "config");
            this.bulkheadDisabled = false;
            return this;
        }

        /** No bulkhead for the id, whatever the properties say. */
        public Builder withoutBulkhead() {
            this.bulkheadConfig = null;
            this.bulkheadDisabled = true;
            return this;
        }

        @Override
        public ResilienceCircuitBreakerSettings build() {
            return new ResilienceCircuitBreakerSettings(circuitBreakerConfig, timeoutConfig, timeoutDisabled,
                    bulkheadConfig, bulkheadDisabled);
        }
    }
}
