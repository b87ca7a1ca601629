package dev.resilience.spring.boot.observability;

import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.Retry;
import dev.resilience.spring.boot.logging.ResilienceLogging;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application as a user has it (the starter's auto-configuration imports, Boot's metrics and
 * observation auto-configuration): meters, observations (timed by Boot's meter observation handler) and
 * logging all switched on by the starter's imports, in the right order.
 */
@SpringBootTest(classes = ObservabilityEndToEndTests.App.class, properties = {
        "resilience.observations.enabled=true",
        "resilience.retry.configs.default.wait-duration=0ms"
})
class ObservabilityEndToEndTests {

    @Autowired
    MeterRegistry meters;

    @Autowired
    Service service;

    @Autowired
    ApplicationContext context;

    @Test
    void metersObservationsAndLoggingAreAllThere() {
        assertThat(context.getBeansOfType(ResilienceLogging.class)).hasSize(1);
        // Instances of annotated methods exist from start-up, and so do their meters.
        assertThat(meters.get("resilience.circuitbreaker.state").tags("name", "e2e", "state", "closed").gauge().value())
                .isEqualTo(1);

        assertThat(service.protectedCall(false)).isEqualTo("ok");
        assertThat(service.protectedCall(true)).isEqualTo("fallback");

        assertThat(meters.get("resilience.circuitbreaker.calls").tags("name", "e2e", "kind", "successful").timer().count())
                .isEqualTo(1);
        assertThat(meters.get("resilience.circuitbreaker.calls").tags("name", "e2e", "kind", "failed").timer().count())
                .isEqualTo(3);
        assertThat(meters.get("resilience.retry.calls").tags("name", "e2e", "kind", "failed_with_retry")
                .functionCounter().count()).isEqualTo(1);
        assertThat(meters.get("resilience.fallback.calls").tags("method", "Service#protectedCall", "outcome", "success")
                .counter().count()).isEqualTo(1);

        // Boot's DefaultMeterObservationHandler turns each resilience.call observation into a timer.
        Timer success = meters.get("resilience.call").tags("outcome", "success", "pattern",
                "fallback,retry,circuit-breaker", "name", "e2e", "method", "Service#protectedCall").timer();
        Timer fallback = meters.get("resilience.call").tags("outcome", "fallback").timer();
        assertThat(success.count()).isEqualTo(1);
        assertThat(fallback.count()).isEqualTo(1);
    }

    @SpringBootApplication
    static class App {
        @Bean
        Service service() {
            return new Service();
        }
    }

    /** An annotated bean. */
    public static class Service {

        @Fallback(method = "fallback")
        @Retry(name = "e2e")
        @CircuitBreaker(name = "e2e")
        public String protectedCall(boolean fail) {
            if (fail) {
                throw new IllegalStateException("down");
            }
            return "ok";
        }

        String fallback(boolean fail, Throwable failure) {
            return "fallback";
        }
    }
}
