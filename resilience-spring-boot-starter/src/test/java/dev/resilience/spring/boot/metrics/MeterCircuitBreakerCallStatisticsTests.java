package dev.resilience.spring.boot.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.spring.boot.actuate.CircuitBreakerCallStatistics;
import dev.resilience.spring.boot.actuate.ResilienceEndpoint;
import dev.resilience.spring.boot.actuate.ResilienceEndpoint.CallsDescriptor;
import dev.resilience.spring.boot.pattern.CircuitBreakerDescriptor;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cumulative calls the {@code resilience} endpoint shows per breaker (for the dashboard's calls per second),
 * read from the breaker's real timers in a real meter registry.
 */
class MeterCircuitBreakerCallStatisticsTests {

    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.builder()
            .slidingWindowSize(2).minimumNumberOfCalls(2).failureRateThreshold(100)
            .waitDurationInOpenState(Duration.ofHours(1)).build());

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void countsEachOutcomeSinceTheMetersWereBoundAndTheEndpointShowsThem() {
        new CircuitBreakerMetrics(breakers).bindTo(meters);
        CircuitBreaker breaker = breakers.get("quotes");
        breaker.executeSupplier(() -> "ok");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> breaker.executeSupplier(() -> {
                throw new IllegalStateException("down");
            })).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> breaker.executeSupplier(() -> "rejected")).isInstanceOf(CallNotPermittedException.class);

        CallsDescriptor calls = new MeterCircuitBreakerCallStatistics(() -> meters).calls("quotes");

        assertThat(calls).isNotNull();
        assertThat(calls.successful()).isEqualTo(1);
        assertThat(calls.failed()).isEqualTo(2);
        assertThat(calls.ignored()).isZero();
        assertThat(calls.notPermitted()).isEqualTo(1);
        assertThat(calls.latencyMillis()).containsOnlyKeys("max");
        ResilienceEndpoint endpoint = endpoint(new MeterCircuitBreakerCallStatistics(() -> meters));
        assertThat(breakerEntries(endpoint).get("quotes").calls()).isEqualTo(calls);
    }

    @Test
    void publishedPercentilesAreTheLatencyOfSuccessfulCalls() {
        meters.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return DistributionStatisticConfig.builder().percentiles(0.5, 0.99, 0.999).build().merge(config);
            }
        });
        new CircuitBreakerMetrics(breakers).bindTo(meters);
        breakers.get("quotes").executeSupplier(() -> "ok");

        CallsDescriptor calls = new MeterCircuitBreakerCallStatistics(() -> meters).calls("quotes");

        assertThat(calls).isNotNull();
        assertThat(calls.latencyMillis()).containsOnlyKeys("max", "p50", "p99", "p99.9")
                .allSatisfy((label, millis) -> assertThat(millis).isGreaterThanOrEqualTo(0));
    }

    @Test
    void nothingWithoutARegistryOrBeforeTheBreakerHasMeters() {
        assertThat(new MeterCircuitBreakerCallStatistics(() -> null).calls("quotes")).isNull();
        assertThat(new MeterCircuitBreakerCallStatistics(() -> meters).calls("quotes")).isNull();
        assertThat(breakerEntries(endpoint(null))).isEmpty();
        breakers.get("quotes");
        assertThat(breakerEntries(endpoint(null)).get("quotes").calls()).isNull();
    }

    /** The endpoint over the built-in breaker descriptor, with {@code statistics} as a bean when given. */
    private ResilienceEndpoint endpoint(CircuitBreakerCallStatistics statistics) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("circuitBreakerRegistry", breakers);
        if (statistics != null) {
            beans.addBean("statistics", statistics);
        }
        return new ResilienceEndpoint(List.of(new CircuitBreakerDescriptor(beans)), beans);
    }

    private static Map<String, ResilienceEndpoint.CircuitBreakerDescriptor> breakerEntries(ResilienceEndpoint endpoint) {
        return endpoint.resilience().instances("circuitBreakers", ResilienceEndpoint.CircuitBreakerDescriptor.class);
    }
}
