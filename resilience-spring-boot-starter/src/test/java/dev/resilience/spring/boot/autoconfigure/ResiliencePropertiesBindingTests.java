package dev.resilience.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.resilience.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.resilience.spring.boot.autoconfigure.properties.CircuitBreakerProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code resilience.*} binds: relaxed names, Spring's duration format, lists, enum values in kebab case,
 * and unset values left {@code null} (inherited).
 */
class ResiliencePropertiesBindingTests {

    @Test
    void bindsEveryShape() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("resilience.aspect-order", "retry,circuit-breaker");
        values.put("resilience.circuit-breaker.configs.default.sliding-window-type", "time-based");
        values.put("resilience.circuit-breaker.configs.default.wait-duration-in-open-state", "90s");
        values.put("resilience.circuit-breaker.instances.backendA.failureRateThreshold", "25");
        values.put("resilience.circuit-breaker.instances.backendA.base-config", "default");
        values.put("resilience.circuit-breaker.instances.backendA.record-exceptions[0]", "java.io.IOException");
        values.put("resilience.circuit-breaker.instances.backendA.record-exceptions[1]", "java.net.ConnectException");
        values.put("resilience.circuit-breaker.instances.backendA.store", "memory");
        values.put("resilience.retry.instances.r.wait-duration", "250");
        values.put("resilience.redis.url", "redis://localhost:6379");
        values.put("resilience.jdbc.initialize-schema", "always");
        ResilienceProperties properties = bind(values);

        assertThat(properties.getAspectOrder()).containsExactly("retry", "circuit-breaker");
        CircuitBreakerProperties defaults = properties.getCircuitBreaker().getConfigs().get("default");
        assertThat(defaults.getSlidingWindowType()).isEqualTo(SlidingWindowType.TIME_BASED);
        assertThat(defaults.getWaitDurationInOpenState()).isEqualTo(Duration.ofSeconds(90));
        assertThat(defaults.getFailureRateThreshold()).isNull();
        CircuitBreakerProperties backend = properties.getCircuitBreaker().getInstances().get("backendA");
        assertThat(backend.getFailureRateThreshold()).isEqualTo(25f);
        assertThat(backend.getBaseConfig()).isEqualTo("default");
        assertThat(backend.getRecordExceptions()).isEqualTo(List.of("java.io.IOException", "java.net.ConnectException"));
        assertThat(backend.getStore()).isEqualTo(CircuitBreakerProperties.Store.MEMORY);
        assertThat(backend.getIgnoreInnerRejections()).isNull();
        assertThat(properties.getRetry().getInstances().get("r").getWaitDuration()).isEqualTo(Duration.ofMillis(250));
        assertThat(properties.getRedis().getUrl()).isEqualTo("redis://localhost:6379");
        assertThat(properties.getJdbc().getInitializeSchema()).isEqualTo(ResilienceProperties.InitializeSchema.ALWAYS);
    }

    @Test
    void defaults() {
        ResilienceProperties properties = bind(Map.of());
        assertThat(properties.getAspectOrder()).isEmpty();
        assertThat(properties.getTimeout().getConfigs()).isEmpty();
        assertThat(properties.getTimeout().getInstances()).isEmpty();
        assertThat(properties.getRedis().getUrl()).isNull();
        assertThat(properties.getJdbc().getInitializeSchema()).isEqualTo(ResilienceProperties.InitializeSchema.NEVER);
    }

    private static ResilienceProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate(ResilienceProperties.PREFIX, ResilienceProperties.class);
    }
}
