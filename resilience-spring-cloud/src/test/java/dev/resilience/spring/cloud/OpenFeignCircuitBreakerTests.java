package dev.resilience.spring.cloud;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker.State;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import feign.FeignException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FallbackFactory;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real consumer of the abstraction: a Spring Cloud OpenFeign client with
 * {@code spring.cloud.openfeign.circuitbreaker.enabled=true} calls a real HTTP server (the JDK's, on a free
 * port of the loopback interface), and each of its calls runs through our circuit breaker of the client's
 * method, configured in properties; the client's fallback factory gets the failure.
 */
@SpringBootTest(classes = OpenFeignCircuitBreakerTests.FeignApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "spring.cloud.openfeign.circuitbreaker.enabled=true",
                // Ids without '#', '(' and ',' (QuoteClientquoteString), so they are plain property keys.
                "spring.cloud.openfeign.circuitbreaker.alphanumeric-ids.enabled=true",
                "resilience.circuit-breaker.instances.QuoteClientquoteString.sliding-window-size=3",
                "resilience.circuit-breaker.instances.QuoteClientquoteString.minimum-number-of-calls=3",
                "resilience.circuit-breaker.instances.QuoteClientquoteString.wait-duration-in-open-state=1h" })
class OpenFeignCircuitBreakerTests {

    private static final String BREAKER = "QuoteClientquoteString";

    private static HttpServer server;

    private static final AtomicInteger requests = new AtomicInteger();

    private static final AtomicBoolean failing = new AtomicBoolean();

    @Autowired
    private QuoteClient client;

    @Autowired
    private CircuitBreakerRegistry registry;

    @Autowired
    private RecordingFallbackFactory fallbacks;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/quotes/", OpenFeignCircuitBreakerTests::answer);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @DynamicPropertySource
    static void serverUrl(DynamicPropertyRegistry properties) {
        properties.add("quotes.url", () -> "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @BeforeEach
    void reset() {
        failing.set(false);
        requests.set(0);
        fallbacks.failures.clear();
        registry.get(BREAKER).transitionToClosedState();
    }

    @Test
    void feignUsesOurFactoryAndTheBreakerOfTheClientMethod() {
        assertThat(client.quote("ACME")).isEqualTo("ACME 108.37");

        assertThat(registry.find(BREAKER)).isPresent();
        assertThat(registry.get(BREAKER).metrics().successfulCalls()).isEqualTo(1);
        assertThat(requests).hasValue(1);
    }

    @Test
    void aServerErrorReachesTheFallbackFactoryAndOpensTheBreakerWhichThenSparesTheServer(
            @Autowired CircuitBreakerFactory<?, ?> factory) {
        assertThat(factory).isInstanceOf(ResilienceCircuitBreakerFactory.class);
        failing.set(true);

        for (int i = 0; i < 3; i++) {
            assertThat(client.quote("ACME")).isEqualTo("ACME cached");
        }

        assertThat(fallbacks.failures).hasSize(3).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(FeignException.ServiceUnavailable.class));
        assertThat(registry.get(BREAKER).state()).isEqualTo(State.OPEN);
        assertThat(requests).hasValue(3);

        failing.set(false);
        assertThat(client.quote("ACME")).isEqualTo("ACME cached");
        assertThat(requests).as("an open breaker sends nothing to the server").hasValue(3);
        assertThat(fallbacks.failures.get(3)).isInstanceOf(CallNotPermittedException.class);

        registry.get(BREAKER).transitionToClosedState();
        assertThat(client.quote("ACME")).isEqualTo("ACME 108.37");
        assertThat(requests).hasValue(4);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String symbol = exchange.getRequestURI().getPath().substring("/quotes/".length());
        byte[] body = (failing.get() ? "down" : symbol + " 108.37").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(failing.get() ? 503 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @FeignClient(name = "quotes", url = "${quotes.url}", fallbackFactory = RecordingFallbackFactory.class)
    interface QuoteClient {

        @GetMapping("/quotes/{symbol}")
        String quote(@PathVariable("symbol") String symbol);
    }

    /** Answers from a cache and keeps each failure it was given. */
    static class RecordingFallbackFactory implements FallbackFactory<QuoteClient> {

        final List<Throwable> failures = new CopyOnWriteArrayList<>();

        @Override
        public QuoteClient create(Throwable cause) {
            failures.add(cause);
            return symbol -> symbol + " cached";
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableFeignClients(clients = QuoteClient.class)
    static class FeignApplication {

        @Bean
        RecordingFallbackFactory recordingFallbackFactory() {
            return new RecordingFallbackFactory();
        }
    }
}
