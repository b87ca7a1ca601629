package dev.resilience.spring.boot.metrics;

import java.time.Duration;

import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.spring.boot.actuate.ResilienceEndpoint;
import dev.resilience.spring.boot.actuate.ResilienceEndpoint.CallsDescriptor;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

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
        ResilienceEndpoint endpoint = new ResilienceEndpoint(breakers, null, null, null, null, null, null,
                new MeterCircuitBreakerCallStatistics(() -> meters));
        assertThat(endpoint.resilience().circuitBreakers().get("quotes").calls()).isEqualTo(calls);
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
        assertThat(new ResilienceEndpoint(breakers, null, null, null, null, null, null).resilience()
                .circuitBreakers()).isEmpty();
        breakers.get("quotes");
        assertThat(new ResilienceEndpoint(breakers, null, null, null, null, null, null).resilience()
                .circuitBreakers().get("quotes").calls()).isNull();
    }
}
