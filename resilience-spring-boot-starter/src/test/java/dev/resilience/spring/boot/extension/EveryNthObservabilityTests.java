package dev.resilience.spring.boot.extension;

import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The every-nth pattern of this package, added through the public extension points only, in a whole
 * application: its annotated method's calls show in its {@code resilience} endpoint entry, its rejections in
 * the {@code resilienceevents} endpoint, and its meters in the meter registry.
 */
@SpringBootTest(classes = EveryNthObservabilityTests.App.class, properties = {
        "resilience.every-nth.instances.x.n=3",
        "management.endpoints.web.exposure.include=resilience,resilienceevents",
        "management.metrics.use-global-registry=false"
})
@AutoConfigureMockMvc
class EveryNthObservabilityTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Gated gated;

    @Autowired
    MeterRegistry meters;

    @Test
    void itsCallsShowInTheEndpointTheEventsAndTheMeters() throws Exception {
        gated.call();
        gated.call();
        assertThatExceptionOfType(EveryNthRejectedException.class).isThrownBy(gated::call);

        String overview = mvc.get().uri("/actuator/resilience").exchange().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(overview).contains("\"everyNth\":{\"x\":{\"n\":3,\"calls\":3}}");
        assertThat(mvc.get().uri("/actuator/resilience/every-nth/x")).hasStatusOk().bodyJson()
                .extractingPath("$.calls").isEqualTo(3);

        assertThat(mvc.get().uri("/actuator/resilienceevents/x")).hasStatusOk().bodyJson()
                .extractingPath("$.events[*].type").asArray().containsExactly("REJECTED");

        assertThat(meters.get(EveryNthMeters.CALLS).tag("name", "x").tag("kind", "permitted").counter().count())
                .isEqualTo(2);
        assertThat(meters.get(EveryNthMeters.CALLS).tag("name", "x").tag("kind", "rejected").counter().count())
                .isEqualTo(1);
    }

    static class Gated {
        @EveryNth(name = "x")
        public String call() {
            return "ok";
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(EveryNthConfiguration.class)
    static class App {

        @Bean
        Gated gated() {
            return new Gated();
        }
    }
}
