package dev.resilience.spring.boot.aot;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import dev.resilience.annotation.Timeout;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.spring.boot.autoconfigure.ResilienceAnnotationsAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.dashboard.ResilienceDashboardProperties;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An application with every annotation, processed ahead of time as {@code process-aot} does
 * ({@link ApplicationContextAotGenerator}), its generated code compiled ({@link TestCompiler}) and started from
 * that code alone, without the bean definitions being parsed again: the way an AOT-processed jar or a native
 * image starts. The fallbacks, retries, limits, timeouts and bulkheads then work, and the runtime hints a
 * native image needs are there.
 */
@CompileWithForkedClassLoader
class ResilienceAotTests {

    private static final Map<String, Object> PROPERTIES = Map.of(
            "resilience.circuit-breaker.instances.quotes.sliding-window-size", "2",
            "resilience.circuit-breaker.instances.quotes.minimum-number-of-calls", "2",
            "resilience.circuit-breaker.instances.quotes.wait-duration-in-open-state", "1h",
            "resilience.circuit-breaker.instances.quotes.record-exceptions[0]", DownstreamException.class.getName(),
            "resilience.retry.instances.inventory.wait-duration", "1ms",
            "resilience.rate-limiter.instances.profile.limit-for-period", "1",
            "resilience.rate-limiter.instances.profile.limit-refresh-period", "1h",
            "resilience.timeout.instances.slow.timeout-duration", "100ms",
            "resilience.thread-pool-bulkhead.instances.exports.core-thread-pool-size", "1",
            "resilience.thread-pool-bulkhead.instances.exports.max-thread-pool-size", "1");

    @Test
    void anAotProcessedApplicationWithEveryAnnotationStartsAndItsFallbacksWork() {
        TestGenerationContext generationContext = new TestGenerationContext();
        ClassName initializer = processAheadOfTime(generationContext);

        TestCompiler.forSystem().with(generationContext).compile(compiled -> {
            @SuppressWarnings("unchecked")
            ApplicationContextInitializer<GenericApplicationContext> generated =
                    compiled.getInstance(ApplicationContextInitializer.class, initializer.reflectionName());
            try (GenericApplicationContext context = new GenericApplicationContext()) {
                context.setEnvironment(environment());
                generated.initialize(context);
                context.refresh();

                Shop shop = context.getBean(Shop.class);
                assertThat(AopUtils.isCglibProxy(shop)).isTrue();

                assertThat(shop.quote("ACME")).isEqualTo("ACME cached after DownstreamException");
                assertThat(shop.quote("ACME")).isEqualTo("ACME cached after DownstreamException");
                assertThat(shop.quote("ACME")).isEqualTo("ACME cached after CallNotPermittedException");
                assertThat(context.getBean(CircuitBreakerRegistry.class).get("quotes").state())
                        .isEqualTo(dev.resilience.circuitbreaker.CircuitBreaker.State.OPEN);

                assertThat(shop.stock("SKU-1")).isEqualTo(3);

                assertThat(shop.profile(new ProfileRequest("alice"))).isEqualTo("profile alice");
                assertThatThrownBy(() -> shop.profile(new ProfileRequest("alice")))
                        .isInstanceOf(RateLimitExceededException.class);
                assertThat(shop.profile(new ProfileRequest("bob"))).isEqualTo("profile bob");

                assertThat(shop.slow().orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo("slow fallback after TimeoutExceededException");
                assertThat(shop.export().orTimeout(10, TimeUnit.SECONDS).join()).startsWith("export on resilience-bulkhead-exports-");
                assertThat(shop.report()).isEqualTo("report");
                assertThat(context.getBean(BulkheadRegistry.class).find("reports")).isPresent();
                assertThat(shop.lastKnownPrice("ACME")).isEqualTo("ACME 100.00 (last known)");
            }
        });
    }

    @Test
    void theRuntimeHintsCoverFallbacksKeysPropertiesDashboardAndConfiguredClasses() {
        TestGenerationContext generationContext = new TestGenerationContext();
        processAheadOfTime(generationContext);
        RuntimeHints hints = generationContext.getRuntimeHints();

        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Shop.class, "cachedQuote")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Shop.class, "slowFallback")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ShopFallbacks.class, "lastKnown"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(ProfileRequest.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(DownstreamException.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(ResilienceProperties.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(ResilienceDashboardProperties.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/resilience/dashboard.html")).accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/resilience/dashboard/dashboard.js"))
                .accepts(hints);
        // The bean's proxy class was generated at build time, as a native image needs.
        assertThat(generationContext.getGeneratedFiles().getGeneratedFiles(Kind.CLASS).keySet())
                .anyMatch(path -> path.contains("ResilienceAotTests$Shop$$SpringCGLIB$$"));
    }

    private static ClassName processAheadOfTime(TestGenerationContext generationContext) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.setEnvironment(environment());
        context.register(AotApplication.class);
        String previous = System.setProperty(AbstractAotProcessor.AOT_PROCESSING, "true");
        try {
            ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
            generationContext.writeGeneratedContent();
            return initializer;
        } finally {
            if (previous == null) {
                System.clearProperty(AbstractAotProcessor.AOT_PROCESSING);
            } else {
                System.setProperty(AbstractAotProcessor.AOT_PROCESSING, previous);
            }
        }
    }

    private static StandardEnvironment environment() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", PROPERTIES));
        return environment;
    }

    /** The failure the breaker records, named in {@code record-exceptions}. */
    public static class DownstreamException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DownstreamException(String message) {
            super(message);
        }
    }

    public record ProfileRequest(String user) {
    }

    /** One method per annotation, each with what it needs to show that it works. */
    public static class Shop {

        private final AtomicInteger stockAttempts = new AtomicInteger();

        @CircuitBreaker(name = "quotes")
        @Fallback(method = "cachedQuote")
        public String quote(String symbol) {
            throw new DownstreamException("quote service down");
        }

        private String cachedQuote(String symbol, Exception failure) {
            return symbol + " cached after " + failure.getClass().getSimpleName();
        }

        @Retry(name = "inventory")
        public int stock(String sku) {
            int attempt = stockAttempts.incrementAndGet();
            if (attempt < 3) {
                throw new DownstreamException("attempt " + attempt);
            }
            return attempt;
        }

        @RateLimit(name = "profile", key = "#request.user")
        public String profile(ProfileRequest request) {
            return "profile " + request.user();
        }

        @Timeout(name = "slow")
        @Fallback(method = "slowFallback")
        public CompletableFuture<String> slow() {
            return new CompletableFuture<>();
        }

        String slowFallback(Throwable failure) {
            return "slow fallback after " + failure.getClass().getSimpleName();
        }

        @Bulkhead(name = "exports", type = Bulkhead.Type.THREAD_POOL)
        public CompletableFuture<String> export() {
            return CompletableFuture.completedFuture("export on " + Thread.currentThread().getName());
        }

        @Bulkhead(name = "reports")
        public String report() {
            return "report";
        }

        @Fallback(method = "shopFallbacks::lastKnown")
        public String lastKnownPrice(String symbol) {
            throw new DownstreamException("price service down");
        }
    }

    public static class ShopFallbacks {

        public String lastKnown(String symbol, Exception failure) {
            return symbol + " 100.00 (last known)";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ ResilienceAutoConfiguration.class, ResilienceAnnotationsAutoConfiguration.class })
    public static class AotApplication {

        @Bean
        public Shop shop() {
            return new Shop();
        }

        @Bean
        public ShopFallbacks shopFallbacks() {
            return new ShopFallbacks();
        }

        @Bean
        public List<String> unrelated() {
            return List.of("a bean without annotations");
        }
    }
}
