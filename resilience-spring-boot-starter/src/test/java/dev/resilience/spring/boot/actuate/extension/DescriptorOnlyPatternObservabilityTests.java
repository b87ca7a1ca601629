package dev.resilience.spring.boot.actuate.extension;

import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pattern declared only by a {@code PatternDescriptor} bean (the test-only {@link NthCallGate}: no main source
 * knows it) gets, from the starter's observability with no code of its own: its field in
 * {@code GET /actuator/resilience} and its path {@code /actuator/resilience/{segment}/{name}}, its events in
 * the {@code resilienceevents} endpoint, its log lines, its meters (removed with the instance) and its health
 * component.
 */
@SpringBootTest(classes = DescriptorOnlyPatternObservabilityTests.App.class, properties = {
        "management.endpoints.web.exposure.include=resilience,resilienceevents,health",
        "management.endpoint.health.show-details=always",
        "management.metrics.use-global-registry=false"
})
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class DescriptorOnlyPatternObservabilityTests {

    private static final String LOGGER = "dev.resilience.nthcallgate";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    NthCallGate.Registry gates;

    @Autowired
    MeterRegistry meters;

    private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

    @BeforeEach
    void debug() {
        loggingSystem.setLogLevel(LOGGER, LogLevel.DEBUG);
    }

    @AfterEach
    void reset() {
        loggingSystem.setLogLevel(LOGGER, null);
    }

    @Test
    void itsInstancesAreInTheEndpointAfterTheBuiltInPatternsAndAtTheirOwnPath() throws Exception {
        NthCallGate gate = gates.get("every-third");
        for (int i = 0; i < 4; i++) {
            gate.tryPass();
        }
        String overview = mvc.get().uri("/actuator/resilience").exchange().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(overview).as("after the built-in patterns").contains(",\"timeouts\":{},\"nthCallGates\":{")
                .contains("\"every-third\":{\"calls\":4,\"rejected\":1,\"config\":{\"every\":3}}");
        assertThat(mvc.get().uri("/actuator/resilience/nth-call-gates/every-third")).hasStatusOk().bodyJson()
                .extractingPath("$.rejected").isEqualTo(1);
        assertThat(mvc.get().uri("/actuator/resilience/nth-call-gates/nobody")).hasStatus(404).bodyJson()
                .extractingPath("$.message").isEqualTo("No nth call gate named 'nobody'");
        assertThat(mvc.get().uri("/actuator/resilience/nothing/x")).hasStatus(404).bodyJson()
                .extractingPath("$.message").asString().endsWith(", timeouts, nth-call-gates");
        assertThat(mvc.post().uri("/actuator/resilience/nth-call-gates/every-third")
                .contentType("application/json").content("{\"state\":\"OPEN\"}")).hasStatus(405);
    }

    @Test
    void itsEventsAreBufferedAndLoggedButNotItsRoutineCalls(CapturedOutput output) {
        NthCallGate gate = gates.get("every-second", new NthCallGate.Config(2));
        gate.tryPass();
        gate.tryPass();
        assertThat(mvc.get().uri("/actuator/resilienceevents/every-second")).hasStatusOk().bodyJson()
                .extractingPath("$.events[*].type").asArray().containsExactly("REJECTED");
        assertThat(mvc.get().uri("/actuator/resilienceevents/every-second")).bodyJson()
                .extractingPath("$.events[0]").asMap().containsEntry("pattern", "nth-call-gate")
                .containsEntry("name", "every-second").containsEntry("details", java.util.Map.of("call", 2));
        assertThat(output).contains(LOGGER).contains("nth-call-gate 'every-second': REJECTED {call=2}")
                .doesNotContain("PERMITTED");
    }

    @Test
    void itsMetersFollowItsInstances() {
        NthCallGate gate = gates.get("metered");
        gate.tryPass();
        gate.tryPass();
        assertThat(counter("metered", "permitted").count()).isEqualTo(2);
        assertThat(counter("metered", "rejected").count()).isZero();
        gates.remove("metered");
        assertThat(meters.find(NthCallGateDescriptor.CALLS).tag("name", "metered").functionCounters()).isEmpty();
    }

    @Test
    void itsHealthFacetIsAHealthComponent() {
        NthCallGate strict = gates.get("strict", new NthCallGate.Config(1));
        NthCallGate lenient = gates.get("lenient", new NthCallGate.Config(1));
        assertThat(mvc.get().uri("/actuator/health/nthCallGates/strict")).hasStatusOk().bodyJson()
                .extractingPath("$.status").isEqualTo("UP");
        strict.tryPass();
        lenient.tryPass();
        assertThat(mvc.get().uri("/actuator/health/nthCallGates/strict")).hasStatus(503).bodyJson()
                .extractingPath("$.details.rejected").isEqualTo(1);
        assertThat(mvc.get().uri("/actuator/health/nthCallGates/lenient")).hasStatusOk().bodyJson()
                .extractingPath("$.status").isEqualTo("UP");
    }

    private FunctionCounter counter(String name, String kind) {
        return meters.get(NthCallGateDescriptor.CALLS).tag("name", name).tag("kind", kind).functionCounter();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        NthCallGate.Registry nthCallGates() {
            return new NthCallGate.Registry(new NthCallGate.Config(3));
        }

        @Bean
        NthCallGateDescriptor nthCallGateDescriptor(NthCallGate.Registry nthCallGates) {
            return new NthCallGateDescriptor(nthCallGates);
        }
    }
}
