package dev.resilience.spring.boot.actuate.extension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.timeout.TimeoutRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code resilience} endpoint's JSON for one instance of every built-in pattern, byte for byte as it was
 * before the endpoint iterated over pattern descriptors (recorded from the endpoint with one constructor
 * parameter per registry): field names, field order, values and the error bodies. Users' dashboards parse it.
 */
@SpringBootTest(classes = EndpointJsonGoldenTests.App.class, properties = {
        "management.endpoints.web.exposure.include=resilience",
        "resilience.metrics.enabled=false",
        "resilience.rate-limiter.configs.default.limit-refresh-period=1h"
})
@AutoConfigureMockMvc
class EndpointJsonGoldenTests {

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

    @Test
    void theOverviewOneInstanceAndTheErrorsAreUnchanged() throws IOException {
        breakers.get("golden");
        retries.get("golden");
        bulkheads.get("golden");
        threadPoolBulkheads.get("golden");
        rateLimiters.get("golden");
        rateLimiters.keyed("golden-keyed");
        timeouts.get("golden");
        StringBuilder actual = new StringBuilder();
        for (String path : new String[] {"", "/circuit-breakers/golden", "/retries/golden", "/bulkheads/golden",
                "/thread-pool-bulkheads/golden", "/rate-limiters/golden", "/keyed-rate-limiters/golden-keyed",
                "/timeouts/golden", "/retries/typo", "/nothing/golden"}) {
            var result = mvc.get().uri("/actuator/resilience" + path).exchange();
            actual.append("GET ").append(path).append(' ').append(result.getResponse().getStatus()).append('\n')
                    .append(result.getResponse().getContentAsString(StandardCharsets.UTF_8)).append('\n');
        }
        for (String body : new String[] {"{\"state\":\"NOPE\"}", "{\"state\":\"FORCED_OPEN\"}"}) {
            var result = mvc.post().uri("/actuator/resilience/circuit-breakers/golden")
                    .contentType("application/json").content(body).exchange();
            actual.append("POST ").append(body).append(' ').append(result.getResponse().getStatus()).append('\n')
                    .append(result.getResponse().getContentAsString(StandardCharsets.UTF_8)
                            .replaceAll("\"time\":\"[^\"]+\"", "\"time\":\"T\"")).append('\n');
        }
        var result = mvc.post().uri("/actuator/resilience/retries/golden").contentType("application/json")
                .content("{\"state\":\"OPEN\"}").exchange();
        actual.append("POST retries ").append(result.getResponse().getStatus()).append('\n')
                .append(result.getResponse().getContentAsString(StandardCharsets.UTF_8)).append('\n');
        String expected;
        try (InputStream golden = getClass().getResourceAsStream("/actuate/resilience-endpoint-golden.txt")) {
            if (golden == null) {
                Files.writeString(Path.of("target/resilience-endpoint-golden.txt"), actual);
                throw new AssertionError("no golden file; wrote target/resilience-endpoint-golden.txt");
            }
            expected = new String(golden.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual.toString()).isEqualTo(expected);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
