package dev.resilience.samples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.samples.downstream.Flakiness;
import dev.resilience.samples.downstream.FlakyDownstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application over HTTP, as the README's curl session drives it: each test asserts what the README
 * says the user sees. Runs the application with its own {@code application.yml}, on a random port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort
    int port;

    @Autowired
    FlakyDownstream downstream;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    BulkheadRegistry bulkheads;

    @Autowired
    ThreadPoolBulkheadRegistry threadPoolBulkheads;

    @BeforeEach
    @AfterEach
    void healthyDownstreamAndClosedBreakers() {
        downstream.setFlakiness(Flakiness.HEALTHY);
        breakers.all().forEach(CircuitBreaker::reset);
    }

    @Test
    void theReadmeSessionShowsTheFallbackThenTheBreakerOpening() throws Exception {
        Response live = get("/quotes/ACME");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json()).containsEntry("symbol", "ACME").containsEntry("source", "live")
                .doesNotContainKey("note");
        Object price = live.json().get("price");

        assertThat(post("/downstream?failureRate=1").json()).containsEntry("failureRate", 1.0)
                .containsEntry("latencyMs", 0);

        // The downstream fails: the fallback serves the last live quote. With the one success, 4 failures in 5
        // calls reach minimum-number-of-calls (5) at 80% >= 50%: the breaker opens on the 4th.
        for (int call = 1; call <= 4; call++) {
            Response cached = get("/quotes/ACME");
            assertThat(cached.status()).isEqualTo(200);
            assertThat(cached.json()).containsEntry("source", "cache").containsEntry("price", price);
            assertThat((String) cached.json().get("note")).startsWith("Downstream failed to answer 'quote ACME'");
        }
        assertThat(breakers.find("quotes")).get().extracting(CircuitBreaker::state)
                .isEqualTo(CircuitBreaker.State.OPEN);

        // Open: the downstream is left alone, the fallback says why.
        long callsBefore = downstream.calls();
        Response rejected = get("/quotes/ACME");
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.json()).containsEntry("source", "cache")
                .containsEntry("note", "CircuitBreaker 'quotes' is OPEN and does not permit further calls");

        // The same breaker without a fallback: 503.
        Response unavailable = get("/quotes/ACME/live");
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(unavailable.json())
                .containsEntry("detail", "CircuitBreaker 'quotes' is OPEN and does not permit further calls")
                .containsEntry("name", "quotes").containsEntry("status", 503);

        // The actuator shows it.
        assertThat(get("/actuator/resilience/circuit-breakers/quotes").json()).containsEntry("state", "OPEN")
                .containsEntry("failureRate", 80.0).containsEntry("bufferedCalls", 5)
                .containsEntry("failedCalls", 4).containsEntry("notPermittedCalls", 2);

        // Nothing cached for this symbol: the chained fallback answers.
        assertThat(get("/quotes/INIT").json()).containsEntry("source", "none")
                .containsEntry("note", "no live quote and nothing cached").doesNotContainKey("price");
        assertThat(downstream.calls()).isEqualTo(callsBefore);
    }

    @Test
    void aBadSymbolIsA400NotAFailureOfTheDownstream() throws Exception {
        for (int i = 0; i < 6; i++) {
            Response bad = get("/quotes/acme");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json()).containsEntry("detail", "Invalid symbol 'acme': expected 1 to 5 capital letters");
        }
        // Not in record-exceptions: counted as successes, the breaker stays closed.
        CircuitBreaker quotes = breakers.find("quotes").orElseThrow();
        assertThat(quotes.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(quotes.metrics().failedCalls()).isZero();
        assertThat(quotes.metrics().successfulCalls()).isEqualTo(6);
    }

    @Test
    void retryTriesAgainUntilAnAttemptSucceedsOrRethrowsTheLastFailure() throws Exception {
        post("/downstream?failureRate=0.5");
        assertThat(get("/inventory/SKU-1").json()).containsEntry("attempts", 1);
        assertThat(get("/inventory/SKU-1").json()).containsEntry("attempts", 2);

        Response exhausted = get("/inventory/SKU-2?failureRate=1");
        assertThat(exhausted.status()).isEqualTo(502);
        assertThat((String) exhausted.json().get("detail")).startsWith("Downstream failed to answer 'stock SKU-2'");
    }

    @Test
    void aSlowCallTimesOutWith504() throws Exception {
        Response timedOut = get("/slow?latencyMs=3000");
        assertThat(timedOut.status()).isEqualTo(504);
        assertThat(timedOut.json()).containsEntry("detail", "Timeout 'slow' of 500ms exceeded")
                .containsEntry("name", "slow");

        Response fast = get("/slow");
        assertThat(fast.status()).isEqualTo(200);
        // Caller mode: the method ran on the request's own thread, not on a timeout worker.
        assertThat((String) fast.json().get("thread")).startsWith("http-nio-");
    }

    @Test
    void theRateLimitIsPerUserAndAnswers429WithRetryAfter() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/api/profile?user=alice").status()).isEqualTo(200);
        }
        Response limited = get("/api/profile?user=alice");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 10L);
        assertThat((String) limited.json().get("detail")).startsWith("Rate limit of 'profile' exceeded (3 per 10s)");

        assertThat(get("/api/profile?user=bob").status()).isEqualTo(200);
    }

    @Test
    void aFullSemaphoreBulkheadAnswers503() throws Exception {
        Bulkhead reports = bulkheads.find("reports").orElseThrow();
        assertThat(reports.tryAcquirePermission()).isTrue();
        assertThat(reports.tryAcquirePermission()).isTrue();
        try {
            Response full = get("/reports/1");
            assertThat(full.status()).isEqualTo(503);
            assertThat(full.json()).containsEntry("name", "reports");
        } finally {
            reports.releasePermission();
            reports.releasePermission();
        }
        assertThat(get("/reports/1").status()).isEqualTo(200);
    }

    @Test
    void aThreadPoolBulkheadRunsOnItsPoolAndAnswers503WhenPoolAndQueueAreFull() throws Exception {
        Response pooled = get("/exports/1");
        assertThat(pooled.status()).isEqualTo(200);
        assertThat((String) pooled.json().get("thread")).startsWith("resilience-bulkhead-exports-");

        ThreadPoolBulkhead exports = threadPoolBulkheads.find("exports").orElseThrow();
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> blockers = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // occupy both threads...
            blockers.add(exports.submit(() -> {
                running.countDown();
                return release.await(30, TimeUnit.SECONDS);
            }).toCompletableFuture());
        }
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 2; i++) { // ...then fill the queue
            blockers.add(exports.submit(() -> release.await(30, TimeUnit.SECONDS)).toCompletableFuture());
        }
        try {
            Response full = get("/exports/2");
            assertThat(full.status()).isEqualTo(503);
            assertThat(full.json()).containsEntry("name", "exports");
        } finally {
            release.countDown();
        }
        for (var blocker : blockers) {
            assertThat(blocker.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theStackedEndpointFallsBackToPopularItems() throws Exception {
        assertThat(get("/recommendations/carol").json()).containsEntry("source", "personal");

        Response fallback = get("/recommendations/carol?failureRate=1");
        assertThat(fallback.status()).isEqualTo(200);
        assertThat(fallback.json()).containsEntry("source", "popular");
        assertThat((String) fallback.json().get("note"))
                .startsWith("DownstreamFailedException: Downstream failed to answer 'recommendations carol'");
        // Three attempts, each through the breaker: 1 success + 3 failures so far, below the minimum of 5.
        assertThat(breakers.find("recommendations").orElseThrow().metrics().failedCalls()).isEqualTo(3);
    }

    @Test
    void theDownstreamRejectsSettingsOutOfRange() throws Exception {
        Response bad = get("/quotes/ACME?failureRate=2");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json()).containsEntry("detail", "Invalid 'failureRate' (2.0): must be between 0 and 1");
    }

    @Test
    void theActuatorShowsHealth() throws Exception {
        Response health = get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).containsEntry("status", "UP");
    }

    private Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private Response post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(response);
    }

    private record Response(HttpResponse<String> response) {
        int status() {
            return response.statusCode();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            return JSON.readValue(response.body(), Map.class);
        }
    }
}
