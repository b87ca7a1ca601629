package dev.resilience.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.spring.boot.autoconfigure.customizer.BulkheadConfigCustomizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.env.MockPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every kind of invalid configuration stops the start, naming the full property path and what is allowed.
 */
class ResilienceConfigurationValidationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class));

    @Test
    void failureRateThresholdAboveHundred() {
        assertStartFails("resilience.circuit-breaker.instances.backend.failure-rate-threshold=150",
                "Invalid 'resilience.circuit-breaker.instances.backend.failure-rate-threshold' (150.0): "
                        + "must be greater than 0 and at most 100");
    }

    @Test
    void maxAttemptsZero() {
        assertStartFails("resilience.retry.configs.default.max-attempts=0",
                "Invalid 'resilience.retry.configs.default.max-attempts' (0): must be at least 1");
    }

    @Test
    void negativeDuration() {
        assertStartFails("resilience.timeout.instances.slow.timeout-duration=-1s",
                "Invalid 'resilience.timeout.instances.slow.timeout-duration' (PT-1S): must not be negative");
    }

    @Test
    void negativeWaitInARetryConfig() {
        assertStartFails("resilience.retry.configs.shared.wait-duration=-5ms",
                "Invalid 'resilience.retry.configs.shared.wait-duration' (PT-0.005S): must not be negative");
    }

    @Test
    void zeroLimitRefreshPeriod() {
        assertStartFails("resilience.rate-limiter.instances.api.limit-refresh-period=0s",
                "Invalid 'resilience.rate-limiter.instances.api.limit-refresh-period' (PT0S): must be greater than zero");
    }

    @Test
    void coreThreadsAboveMaxThreadsNamesTheProperty() {
        runner.withPropertyValues("resilience.thread-pool-bulkhead.instances.pool.core-thread-pool-size=8",
                "resilience.thread-pool-bulkhead.instances.pool.max-thread-pool-size=2").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(cause(context)).hasMessage(
                            "Invalid 'resilience.thread-pool-bulkhead.instances.pool.core-thread-pool-size' (8): "
                                    + "must not be greater than 'max-thread-pool-size' (2)");
                    assertThat(cause(context).property())
                            .isEqualTo("resilience.thread-pool-bulkhead.instances.pool.core-thread-pool-size");
                });
    }

    // Values that passed validation and then crashed (issue 8, defect 6): each now works, or fails naming the
    // full property path and what is allowed.

    @Test
    void aQueueCapacityOfIntegerMaxValueIsAcceptedAndWorks() {
        runner.withPropertyValues("resilience.thread-pool-bulkhead.instances.pool.queue-capacity=2147483647")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ThreadPoolBulkhead pool = context.getBean(ThreadPoolBulkheadRegistry.class).get("pool");
                    assertThat(pool.submit(() -> "ran").toCompletableFuture().get(10, TimeUnit.SECONDS))
                            .isEqualTo("ran");
                    assertThat(pool.metrics().queueCapacity()).isEqualTo(Integer.MAX_VALUE);
                    assertThat(pool.metrics().remainingQueueCapacity()).isEqualTo(Integer.MAX_VALUE);
                });
    }

    @Test
    void aKeepAliveOfCenturiesIsAcceptedAndWorks() {
        runner.withPropertyValues("resilience.thread-pool-bulkhead.instances.pool.keep-alive-duration=300000d")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ThreadPoolBulkhead pool = context.getBean(ThreadPoolBulkheadRegistry.class).get("pool");
                    assertThat(pool.config().keepAliveDuration()).isEqualTo(Duration.ofDays(300_000));
                    assertThat(pool.submit(() -> "ran").toCompletableFuture().get(10, TimeUnit.SECONDS))
                            .isEqualTo("ran");
                    pool.reconfigure(ThreadPoolBulkheadConfig.from(pool.config()).coreThreadPoolSize(1).build());
                    assertThat(pool.toString()).contains("keepAliveDuration=");
                });
    }

    @Test
    void aCoreSizeAboveTheNumberOfProcessorsRaisesTheDefaultMaximum() {
        int processors = Runtime.getRuntime().availableProcessors();
        runner.withPropertyValues("resilience.thread-pool-bulkhead.instances.pool.core-thread-pool-size=64",
                "resilience.thread-pool-bulkhead.instances.few.max-thread-pool-size=1").run(context -> {
                    assertThat(context).hasNotFailed();
                    ThreadPoolBulkheadRegistry registry = context.getBean(ThreadPoolBulkheadRegistry.class);
                    ThreadPoolBulkhead pool = registry.get("pool");
                    assertThat(pool.metrics().coreThreadPoolSize()).isEqualTo(64);
                    assertThat(pool.metrics().maximumThreadPoolSize()).isEqualTo(Math.max(64, processors));
                    ThreadPoolBulkhead few = registry.get("few");
                    assertThat(few.metrics().maximumThreadPoolSize()).isEqualTo(1);
                    assertThat(few.metrics().coreThreadPoolSize()).isEqualTo(1);
                });
    }

    @Test
    void anExponentialMaxWaitShorterThanTheWaitNamesTheFullPath() {
        runner.withPropertyValues("resilience.retry.instances.backend.enable-exponential-backoff=true",
                "resilience.retry.instances.backend.wait-duration=1s",
                "resilience.retry.instances.backend.exponential-max-wait-duration=100ms").run(context -> {
                    assertThat(context).hasFailed();
                    ResilienceConfigurationException failure = cause(context);
                    assertThat(failure).hasMessage(
                            "Invalid 'resilience.retry.instances.backend.exponential-max-wait-duration' (PT0.1S): "
                                    + "must not be shorter than 'wait-duration' (PT1S) when "
                                    + "'enable-exponential-backoff' is true");
                    assertThat(failure.property())
                            .isEqualTo("resilience.retry.instances.backend.exponential-max-wait-duration");
                    assertThat(failure.action()).startsWith(
                            "Update 'resilience.retry.instances.backend.exponential-max-wait-duration'");
                });
    }

    @Test
    void unknownBaseConfig() {
        runner.withPropertyValues("resilience.bulkhead.configs.shared.max-concurrent-calls=3",
                "resilience.bulkhead.instances.backend.base-config=shraed").run(context ->
                        assertThat(cause(context)).hasMessage("Invalid 'resilience.bulkhead.instances.backend.base-config' "
                                + "(shraed): must name a config of 'resilience.bulkhead.configs', one of [default, shared]"));
    }

    @Test
    void baseConfigCycle() {
        runner.withPropertyValues("resilience.retry.configs.a.base-config=b",
                "resilience.retry.configs.b.base-config=a").run(context ->
                        assertThat(cause(context)).hasMessage("The configs of 'resilience.retry' inherit from each other "
                                + "in a cycle: a -> b -> a (see 'resilience.retry.configs.a.base-config')"));
    }

    @Test
    void missingExceptionClass() {
        assertStartFails("resilience.circuit-breaker.instances.backend.record-exceptions=java.io.IOException,"
                        + "com.example.DoesNotExist",
                "Invalid 'resilience.circuit-breaker.instances.backend.record-exceptions[1]' "
                        + "(com.example.DoesNotExist): no class of that name on the classpath");
    }

    @Test
    void badAspectOrder() {
        assertStartFails("resilience.aspect-order=retry,circuit-breaker,retry",
                "Invalid 'resilience.aspect-order[2]' (retry): already listed at 'resilience.aspect-order[0]'; "
                        + "each key may appear at most once");
    }

    @Test
    void unknownAspectOrderKey() {
        assertStartFails("resilience.aspect-order=retry,breaker",
                "Invalid 'resilience.aspect-order[1]' (breaker): must be one of "
                        + "[fallback, retry, circuit-breaker, rate-limiter, timeout, bulkhead]");
    }

    // An empty value silently kept the default (issue 8, defect 8): it fails like any other bad value.

    @Test
    void anEmptyValueFailsNamingTheFullPath() {
        for (String property : List.of("resilience.retry.instances.backend.max-attempts",
                "resilience.retry.configs.default.wait-duration",
                "resilience.circuit-breaker.instances.backend.failure-rate-threshold",
                "resilience.circuit-breaker.configs.shared.sliding-window-type",
                "resilience.bulkhead.instances.backend.fair-call-handling",
                "resilience.thread-pool-bulkhead.instances.pool.queue-capacity",
                "resilience.rate-limiter.instances.api.limit-for-period",
                "resilience.timeout.instances.slow.timeout-duration")) {
            runner.withPropertyValues(property + "=").run(context -> {
                assertThat(context).as(property).hasFailed();
                ResilienceConfigurationException failure = cause(context);
                assertThat(failure).as(property).hasMessage("Invalid '" + property
                        + "' (empty): must be set to a value; an empty value would silently keep the inherited one");
                assertThat(failure.property()).isEqualTo(property);
                FailureAnalysis analysis = new ResilienceFailureAnalyzer(null).analyze(context.getStartupFailure());
                assertThat(analysis.getAction()).startsWith("Set '" + property + "' to a value");
            });
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRealStartWithAnEmptyValueReportsApplicationFailedToStart(CapturedOutput output) {
        SpringApplication application = new SpringApplication(EmptyApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("resilience.retry.instances.backend.max-attempts", ""));
        assertThatException().isThrownBy(application::run);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid 'resilience.retry.instances.backend.max-attempts' (empty): must be set to a value");
    }

    @Test
    void emptyValuesThatMeanSomethingStayAllowed() {
        runner.withPropertyValues("resilience.circuit-breaker.instances.backend.record-exceptions=",
                "resilience.retry.instances.listed=", "resilience.bulkhead.instances.backend.base-config=")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(dev.resilience.circuitbreaker.CircuitBreakerRegistry.class)
                            .get("backend").config().recordExceptions()).isEmpty();
                });
    }

    @Test
    void anEmptyValueFailsARefreshToo() {
        MockPropertySource changes = new MockPropertySource();
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(changes))
                .run(context -> {
                    changes.setProperty("resilience.retry.instances.backend.max-attempts", "");
                    ResilienceConfigurationRefresher refresher = context.getBean(ResilienceConfigurationRefresher.class);
                    assertThatException().isThrownBy(refresher::refresh)
                            .isInstanceOf(ResilienceConfigurationException.class)
                            .withMessageStartingWith("Invalid 'resilience.retry.instances.backend.max-attempts' (empty)");
                });
    }

    @Test
    void aSharedStoreWithoutItsModuleFailsTheStartNamingThePropertyAndTheModule() {
        assertStartFails("resilience.rate-limiter.instances.api.store=redis",
                "Invalid 'resilience.rate-limiter.instances.api.store' (redis): needs the Redis store, which is not "
                        + "configured: add the dependency dev.resilience:resilience-redis and set "
                        + "'resilience.redis.url' (or define a Lettuce RedisClient or a Spring Data Redis "
                        + "LettuceConnectionFactory bean), or use memory");
        assertStartFails("resilience.circuit-breaker.configs.default.store=jdbc",
                "Invalid 'resilience.circuit-breaker.configs.default.store' (jdbc): needs the JDBC store, which is not "
                        + "configured: add the dependency dev.resilience:resilience-jdbc and a DataSource bean, or use "
                        + "memory");
    }

    @Test
    void invalidSharedStoreOptionsFailTheStartNamingTheProperty() {
        assertThatThrownBy(() -> {
            ResilienceProperties.Redis redis = new ResilienceProperties.Redis();
            redis.setTimeout(java.time.Duration.ZERO);
            redis.toOptions("resilience.redis");
        }).isInstanceOf(ResilienceConfigurationException.class)
                .hasMessageStartingWith("Invalid 'resilience.redis.timeout' (PT0S)");
    }

    @Test
    void anInvalidValueFromACustomizerNamesTheCustomizer() {
        runner.withUserConfiguration(BadCustomizer.class).run(context ->
                assertThat(cause(context).getMessage()).startsWith(
                        "Invalid 'resilience.bulkhead.configs.default.max-concurrent-calls' (0)")
                        .contains("set by the customizer"));
    }

    @Test
    void theFailureIsABeanCreationExceptionOfTheRegistry() {
        runner.withPropertyValues("resilience.retry.instances.x.max-attempts=0").run(context -> {
            assertThat(context.getStartupFailure()).isInstanceOf(BeanCreationException.class)
                    .hasMessageContaining("retryRegistry");
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ResilienceConfigurationException.class);
        });
    }

    @Test
    void theFailureAnalyzerGivesDescriptionActionAndWhereThePropertyWasSet() {
        MockEnvironment environment = new MockEnvironment();
        TextResourceOrigin origin = new TextResourceOrigin(new ClassPathResource("application.yml"),
                new TextResourceOrigin.Location(11, 4));
        environment.getPropertySources().addFirst(new OriginTrackedMapPropertySource("application.yml", Map.of(
                "resilience.circuit-breaker.instances.backend.failure-rate-threshold", OriginTrackedValue.of("150", origin))));
        runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(environment.getPropertySources().get("application.yml"))).run(context -> {
                    FailureAnalysis analysis = new ResilienceFailureAnalyzer(environment).analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).isEqualTo(
                            "Invalid 'resilience.circuit-breaker.instances.backend.failure-rate-threshold' (150.0): "
                                    + "must be greater than 0 and at most 100\n\n"
                                    + "Origin: class path resource [application.yml] - 12:5");
                    assertThat(analysis.getAction()).isEqualTo(
                            "Update 'resilience.circuit-breaker.instances.backend.failure-rate-threshold' in your "
                                    + "configuration: it must be greater than 0 and at most 100.");
                });
    }

    @Test
    void theFailureAnalyzerWorksWithoutAnEnvironment() {
        runner.withPropertyValues("resilience.aspect-order=thread-pool-bulkhead").run(context -> {
            FailureAnalysis analysis = new ResilienceFailureAnalyzer(null).analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo("Invalid 'resilience.aspect-order[0]' (thread-pool-bulkhead): "
                    + "must be one of [fallback, retry, circuit-breaker, rate-limiter, timeout, bulkhead]; "
                    + "a thread-pool bulkhead takes the place of 'bulkhead', list that instead");
            assertThat(analysis.getAction()).startsWith("Set 'resilience.aspect-order' to pattern keys");
        });
    }

    // With an annotated bean, the registry is first needed while that bean is planned (issue 8, defect 7):
    // the planner kept only the configuration error's message, so the failure analyzer found nothing and a
    // long stack trace was printed instead of its report.

    @Test
    void theFailureAnalyzerReportsABadValueWhenAnAnnotatedBeanExists() {
        runner.withConfiguration(AutoConfigurations.of(ResilienceAnnotationsAutoConfiguration.class))
                .withBean(Annotated.class)
                .withPropertyValues("resilience.circuit-breaker.instances.backend.failure-rate-threshold=150")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ResilienceFailureAnalyzer(null).analyze(context.getStartupFailure());
                    assertThat(analysis).as("the failure analyzer's report").isNotNull();
                    assertThat(analysis.getDescription()).isEqualTo(
                            "Invalid 'resilience.circuit-breaker.instances.backend.failure-rate-threshold' (150.0): "
                                    + "must be greater than 0 and at most 100");
                    assertThat(analysis.getAction()).startsWith(
                            "Update 'resilience.circuit-breaker.instances.backend.failure-rate-threshold'");
                });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRealStartWithAnAnnotatedBeanReportsApplicationFailedToStart(CapturedOutput output) {
        SpringApplication application = new SpringApplication(AnnotatedApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(
                Map.of("resilience.circuit-breaker.instances.backend.failure-rate-threshold", "150"));
        assertThatException().isThrownBy(application::run);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Description:\n\nInvalid 'resilience.circuit-breaker.instances.backend.failure-rate-threshold' "
                        + "(150.0): must be greater than 0 and at most 100")
                .contains("Action:\n\nUpdate 'resilience.circuit-breaker.instances.backend.failure-rate-threshold'");
    }

    @Test
    void theFailureAnalyzerIsRegistered() throws Exception {
        assertThat(new ClassPathResource("META-INF/spring.factories").getContentAsString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("org.springframework.boot.diagnostics.FailureAnalyzer=\\\n"
                        + "dev.resilience.spring.boot.autoconfigure.ResilienceFailureAnalyzer");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRealStartReportsApplicationFailedToStart(CapturedOutput output) {
        SpringApplication application = new SpringApplication(EmptyApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("resilience.retry.instances.backend.max-attempts", "0"));
        assertThatException().isThrownBy(application::run);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Description:\n\nInvalid 'resilience.retry.instances.backend.max-attempts' (0): "
                        + "must be at least 1")
                .contains("Action:\n\nUpdate 'resilience.retry.instances.backend.max-attempts' in your configuration: "
                        + "it must be at least 1.");
    }

    private void assertStartFails(String property, String message) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            assertThat(cause(context)).hasMessage(message);
        });
    }

    private static ResilienceConfigurationException cause(AssertableApplicationContext context) {
        Throwable failure = context.getStartupFailure();
        assertThat(failure).as("start-up failure").isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ResilienceConfigurationException e) {
                return e;
            }
        }
        throw new AssertionError("No ResilienceConfigurationException in " + failure, failure);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ResilienceAutoConfiguration.class)
    static class EmptyApplication {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ResilienceAutoConfiguration.class, ResilienceAnnotationsAutoConfiguration.class})
    static class AnnotatedApplication {

        @Bean
        Annotated annotated() {
            return new Annotated();
        }
    }

    /** A bean whose breaker is created while the bean is planned. */
    public static class Annotated {

        @CircuitBreaker(name = "backend")
        public String call() {
            return "ok";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadCustomizer {

        @Bean
        BulkheadConfigCustomizer zero() {
            return (name, builder) -> builder.maxConcurrentCalls(0);
        }
    }
}
