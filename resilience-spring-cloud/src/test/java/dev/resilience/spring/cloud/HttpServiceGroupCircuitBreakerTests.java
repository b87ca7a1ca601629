package dev.resilience.spring.cloud;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.HttpServiceGroupConfigurer;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A second consumer of the abstraction, in Spring Cloud Commons itself: with a {@code CircuitBreakerFactory}
 * bean it wraps every HTTP service group ({@code @ImportHttpServices}) in the circuit breaker named after the
 * group. Ours then protects the group's requests to a real local HTTP server.
 */
@SpringBootTest(classes = HttpServiceGroupCircuitBreakerTests.ClientApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "resilience.circuit-breaker.instances.market.sliding-window-size=2",
                "resilience.circuit-breaker.instances.market.minimum-number-of-calls=2",
                "resilience.circuit-breaker.instances.market.wait-duration-in-open-state=1h" })
class HttpServiceGroupCircuitBreakerTests {

    private static HttpServer server;

    private static final AtomicInteger requests = new AtomicInteger();

    @Autowired
    private MarketApi market;

    @Autowired
    private CircuitBreakerRegistry registry;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/quotes/", HttpServiceGroupCircuitBreakerTests::answer);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void theGroupsRequestsRunThroughOurBreakerOfTheGroupsName() {
        assertThat(market.quote("ACME")).isEqualTo("ACME 108.37");
        assertThat(registry.get("market").metrics().successfulCalls()).isEqualTo(1);

        registry.get("market").transitionToForcedOpenState();
        try {
            int before = requests.get();
            assertThatThrownBy(() -> market.quote("ACME")).hasRootCauseInstanceOf(
                    dev.resilience.circuitbreaker.CallNotPermittedException.class);
            assertThat(requests).as("the open breaker sends nothing").hasValue(before);
        }
        finally {
            registry.get("market").transitionToClosedState();
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String symbol = exchange.getRequestURI().getPath().substring("/quotes/".length());
        byte[] body = (symbol + " 108.37").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    interface MarketApi {

        @GetExchange("/quotes/{symbol}")
        String quote(@PathVariable String symbol);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ImportHttpServices(group = "market", types = MarketApi.class)
    static class ClientApplication {

        @Bean
        RestClientHttpServiceGroupConfigurer localServer() {
            return new RestClientHttpServiceGroupConfigurer() {
                @Override
                public void configureGroups(HttpServiceGroupConfigurer.Groups<RestClient.Builder> groups) {
                    groups.forEachClient((group, builder) ->
                            builder.baseUrl("http://127.0.0.1:" + server.getAddress().getPort()));
                }
            };
        }
    }
}
