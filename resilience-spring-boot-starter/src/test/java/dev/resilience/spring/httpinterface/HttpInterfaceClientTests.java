package dev.resilience.spring.httpinterface;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import dev.resilience.annotation.Timeout;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.spring.aop.InvalidResilienceAnnotationException;
import dev.resilience.spring.boot.autoconfigure.ResilienceAnnotationsAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.timeout.TimeoutExceededException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import org.springframework.web.service.registry.HttpServiceGroupConfigurer;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our annotations on the methods of an {@code @HttpExchange} interface: Spring Framework 7's HTTP interface
 * clients are JDK proxies without a target, made by {@code HttpServiceProxyFactory} and registered by
 * {@code @ImportHttpServices}. Each call goes to a real HTTP server (the JDK's, on a free loopback port) whose
 * answers the tests script per path.
 */
class HttpInterfaceClientTests {

    private static HttpServer server;

    private static ExecutorService serverThreads;

    private static String baseUrl;

    /** Requests seen per path. */
    private static final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    /** How many of the next requests per path answer 503. */
    private static final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    /** Holds the answers of {@code /slow} until opened. */
    private static volatile CountDownLatch slowGate = new CountDownLatch(0);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceAnnotationsAutoConfiguration.class))
            .withPropertyValues("resilience.retry.instances.market.max-attempts=3",
                    "resilience.retry.instances.market.wait-duration=10ms",
                    "resilience.circuit-breaker.instances.market.sliding-window-size=2",
                    "resilience.circuit-breaker.instances.market.minimum-number-of-calls=2",
                    "resilience.circuit-breaker.instances.market.wait-duration-in-open-state=1h",
                    "resilience.rate-limiter.instances.profiles.limit-for-period=2",
                    "resilience.rate-limiter.instances.profiles.limit-refresh-period=1h",
                    "resilience.timeout.instances.slow.timeout-duration=200ms");

    @BeforeAll
    static void startServer() throws IOException {
        serverThreads = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/", HttpInterfaceClientTests::answer);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @BeforeEach
    void resetServer() {
        requests.clear();
        failuresLeft.clear();
    }

    @AfterEach
    void openSlowGate() {
        slowGate.countDown();
    }

    @Test
    void theClientBeanIsTheFrameworksProxyAdvisedInPlace() {
        runner.withUserConfiguration(ImportedClients.class).run(context -> {
            MarketApi market = context.getBean(MarketApi.class);
            assertThat(AopUtils.isJdkDynamicProxy(market)).isTrue();
            assertThat(market.quote("ACME")).isEqualTo("ACME 108.37");
            assertThat(requests("/quotes/ACME")).isEqualTo(1);
        });
    }

    @Test
    void retryResendsTheRequestUntilTheServerAnswers() {
        runner.withUserConfiguration(ImportedClients.class).run(context -> {
            failNext("/quotes/ACME", 2);

            assertThat(context.getBean(MarketApi.class).quote("ACME")).isEqualTo("ACME 108.37");

            assertThat(requests("/quotes/ACME")).isEqualTo(3);
        });
    }

    @Test
    void retryRethrowsTheLastFailureOnceAttemptsAreExhausted() {
        runner.withUserConfiguration(ImportedClients.class).run(context -> {
            failNext("/quotes/ACME", 5);

            assertThatThrownBy(() -> context.getBean(MarketApi.class).quote("ACME"))
                    .isInstanceOf(HttpServerErrorException.ServiceUnavailable.class);

            assertThat(requests("/quotes/ACME")).isEqualTo(3);
        });
    }

    @Test
    void anOpenBreakerServesTheDefaultMethodFallbackWithoutSendingARequest() {
        runner.withUserConfiguration(ImportedClients.class).run(context -> {
            MarketApi market = context.getBean(MarketApi.class);
            failNext("/quotes/ACME", 2);

            assertThat(market.guardedQuote("ACME")).isEqualTo("ACME cached after ServiceUnavailable");
            assertThat(market.guardedQuote("ACME")).isEqualTo("ACME cached after ServiceUnavailable");
            assertThat(context.getBean(CircuitBreakerRegistry.class).get("market").state())
                    .isEqualTo(dev.resilience.circuitbreaker.CircuitBreaker.State.OPEN);

            assertThat(market.guardedQuote("ACME")).isEqualTo("ACME cached after CallNotPermittedException");
            assertThat(requests("/quotes/ACME")).as("the open breaker spares the server").isEqualTo(2);
        });
    }

    @Test
    void aFallbackMayBeAMethodOfAnotherBean() {
        runner.withUserConfiguration(ImportedClients.class).run(context -> {
            failNext("/quotes/ACME", 1);

            assertThat(context.getBean(MarketApi.class).quoteOrLastKnown("ACME")).isEqualTo("ACME 100.00 (last known)");
        });
    }

    @Test
    void aKeyedRateLimitRejectsBeforeTheRequestIsSent() {
        runner.withUserConfiguration(ImportedClients.class).run(context -> {
            MarketApi market = context.getBean(MarketApi.class);
            assertThat(market.profile("alice")).isEqualTo("profile alice");
            assertThat(market.profile("alice")).isEqualTo("profile alice");

            assertThatThrownBy(() -> market.profile("alice")).isInstanceOf(RateLimitExceededException.class);
            assertThat(market.profile("bob")).isEqualTo("profile bob");

            assertThat(requests("/profiles/alice")).isEqualTo(2);
        });
    }

    @Test
    void aTimeoutEndsARequestTheServerDoesNotAnswer() {
        runner.withUserConfiguration(ImportedClients.class).run(context -> {
            slowGate = new CountDownLatch(1);

            assertThatThrownBy(() -> context.getBean(MarketApi.class).slow())
                    .isInstanceOf(TimeoutExceededException.class)
                    .hasMessage("Timeout 'slow' of 200ms exceeded");
        });
    }

    @Test
    void aClientMadeByHttpServiceProxyFactoryInABeanMethodIsAdvisedToo() {
        runner.withUserConfiguration(FactoryMadeClient.class).run(context -> {
            failNext("/quotes/ACME", 2);

            assertThat(context.getBean(MarketApi.class).quote("ACME")).isEqualTo("ACME 108.37");

            assertThat(requests("/quotes/ACME")).isEqualTo(3);
        });
    }

    @Test
    void aFallbackTheInterfaceDoesNotHaveFailsTheStart() {
        runner.withUserConfiguration(BrokenClientConfiguration.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidResilienceAnnotationException.class)
                    .hasMessageContaining(BrokenApi.class.getName() + "#quote(String)")
                    .hasMessageContaining("@Fallback method 'noSuchMethod' does not exist");
        });
    }

    private static int requests(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    private static void failNext(String path, int count) {
        failuresLeft.put(path, new AtomicInteger(count));
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        AtomicInteger failures = failuresLeft.get(path);
        int status = 200;
        String body;
        if (failures != null && failures.getAndDecrement() > 0) {
            status = 503;
            body = "unavailable";
        } else if (path.equals("/slow")) {
            try {
                slowGate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            body = "slow answer";
        } else if (path.startsWith("/profiles/")) {
            body = "profile " + path.substring("/profiles/".length());
        } else {
            body = path.substring(path.lastIndexOf('/') + 1) + " 108.37";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An HTTP interface with every annotation; its default method is a fallback. */
    interface MarketApi {

        @GetExchange("/quotes/{symbol}")
        @Retry(name = "market")
        String quote(@PathVariable String symbol);

        @GetExchange("/quotes/{symbol}")
        @CircuitBreaker(name = "market")
        @Fallback(method = "cachedQuote")
        String guardedQuote(@PathVariable String symbol);

        @GetExchange("/quotes/{symbol}")
        @Fallback(method = "marketFallbacks::lastKnown")
        String quoteOrLastKnown(@PathVariable String symbol);

        @GetExchange("/profiles/{user}")
        @RateLimit(name = "profiles", key = "#user")
        String profile(@PathVariable String user);

        @GetExchange("/slow")
        @Timeout(name = "slow")
        String slow();

        default String cachedQuote(String symbol, Exception failure) {
            return symbol + " cached after " + failure.getClass().getSimpleName();
        }
    }

    interface BrokenApi {

        @GetExchange("/quotes/{symbol}")
        @Fallback(method = "noSuchMethod")
        String quote(@PathVariable String symbol);
    }

    /** The other bean a fallback names. */
    static class MarketFallbacks {

        String lastKnown(String symbol, Exception failure) {
            return symbol + " 100.00 (last known)";
        }
    }

    /** The local server's URL for every group the registry creates. */
    static RestClientHttpServiceGroupConfigurer localServer() {
        return new RestClientHttpServiceGroupConfigurer() {
            @Override
            public void configureGroups(HttpServiceGroupConfigurer.Groups<RestClient.Builder> groups) {
                groups.forEachClient((group, builder) -> builder.baseUrl(baseUrl));
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ImportHttpServices(group = "market", types = MarketApi.class)
    static class ImportedClients {

        @Bean
        RestClientHttpServiceGroupConfigurer localServerConfigurer() {
            return localServer();
        }

        @Bean
        MarketFallbacks marketFallbacks() {
            return new MarketFallbacks();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FactoryMadeClient {

        @Bean
        MarketApi marketApi() {
            RestClient client = RestClient.builder().baseUrl(baseUrl).build();
            return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client)).build()
                    .createClient(MarketApi.class);
        }

        @Bean
        MarketFallbacks marketFallbacks() {
            return new MarketFallbacks();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportHttpServices(group = "broken", types = BrokenApi.class)
    static class BrokenClientConfiguration {

        @Bean
        RestClientHttpServiceGroupConfigurer localServerConfigurer() {
            return localServer();
        }
    }
}
