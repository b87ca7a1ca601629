package dev.resilience.spring.boot.autoconfigure;

import java.util.Map;

import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.spring.boot.autoconfigure.actuate.ResilienceEndpointAutoConfiguration;
import dev.resilience.spring.boot.dashboard.ResilienceDashboardAutoConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A key under {@code resilience} that nothing reads stops the start, with its full path and the nearest valid
 * key, or what a resilience4j key is called here; {@code resilience.fail-on-unknown-properties=false} turns
 * that into one warning per key. What counts as valid is what the properties classes bind.
 */
class UnknownPropertiesTests {

    private static final String BACKEND = "resilience.circuit-breaker.instances.backend.";

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(ResiliencePropertiesCheckAutoConfiguration.class, ResilienceAutoConfiguration.class));

    @Nested
    class Typos {

        @Test
        void aMisspeltLeafNamesThePathAndTheNearestKey() {
            assertStartFails(BACKEND + "failure-rate-treshold=60",
                    "Unknown property '" + BACKEND + "failure-rate-treshold': nothing under 'resilience' reads it; "
                            + "did you mean '" + BACKEND + "failure-rate-threshold'?");
        }

        @Test
        void aMisspeltPatternKeyKeepsTheRestOfThePathInTheSuggestion() {
            assertStartFails("resilience.circuit-braker.instances.backend.failure-rate-threshold=60",
                    "Unknown property 'resilience.circuit-braker.instances.backend.failure-rate-threshold': nothing "
                            + "under 'resilience' reads it; did you mean "
                            + "'resilience.circuit-breaker.instances.backend.failure-rate-threshold'?");
        }

        @Test
        void aMisspeltLevelBetweenPatternAndName() {
            assertStartFails("resilience.retry.instance.backend.max-attempts=5",
                    "Unknown property 'resilience.retry.instance.backend.max-attempts': nothing under 'resilience' "
                            + "reads it; did you mean 'resilience.retry.instances.backend.max-attempts'?");
        }

        @Test
        void aMisspeltKeyInADefaultConfig() {
            assertStartFails("resilience.bulkhead.configs.default.max-concurent-calls=5",
                    "Unknown property 'resilience.bulkhead.configs.default.max-concurent-calls': nothing under "
                            + "'resilience' reads it; did you mean "
                            + "'resilience.bulkhead.configs.default.max-concurrent-calls'?");
        }

        @Test
        void aKeyFarFromEveryValidOneListsTheValidKeysOfItsLevel() {
            runner.withPropertyValues("resilience.timeout.instances.slow.completely-unrelated=1").run(context ->
                    assertThat(cause(context).getMessage()).startsWith(
                            "Unknown property 'resilience.timeout.instances.slow.completely-unrelated': nothing under"
                                    + " 'resilience' reads it; 'completely-unrelated' is not a key of "
                                    + "'resilience.timeout.instances.slow'; the keys there are ")
                            .contains("base-config").contains("cancel-running-future").contains("timeout-duration"));
        }

        @Test
        void aMisspeltTopLevelKey() {
            assertStartFails("resilience.aspect-ordr=retry",
                    "Unknown property 'resilience.aspect-ordr': nothing under 'resilience' reads it; did you mean "
                            + "'resilience.aspect-order'?");
        }

        @Test
        void aMisspeltKeyOfAnotherPropertiesClassIsFoundToo() {
            assertStartFails("resilience.events.bufer-size=5",
                    "Unknown property 'resilience.events.bufer-size': nothing under 'resilience' reads it; did you "
                            + "mean 'resilience.events.buffer-size'?");
        }

        @Test
        void everyUnknownKeyIsListedAtOnce() {
            runner.withPropertyValues(BACKEND + "failure-rate-treshold=60",
                    "resilience.retry.instances.backend.max-atempts=2").run(context -> {
                        ResilienceConfigurationException failure = cause(context);
                        assertThat(failure.getMessage()).isEqualTo("2 unknown properties: nothing under 'resilience'"
                                + " reads them\n"
                                + "  - '" + BACKEND + "failure-rate-treshold': did you mean '" + BACKEND
                                + "failure-rate-threshold'?\n"
                                + "  - 'resilience.retry.instances.backend.max-atempts': did you mean "
                                + "'resilience.retry.instances.backend.max-attempts'?");
                        assertThat(failure.property()).isNull();
                        assertThat(failure.action()).contains("resilience.fail-on-unknown-properties=false");
                    });
        }

        @Test
        void camelCaseKeysAreCheckedAndShownAsWritten() {
            assertStartFails("resilience.circuit-breaker.instances.backend.failureRateTreshold=60",
                    "Unknown property 'resilience.circuit-breaker.instances.backend.failureRateTreshold': nothing "
                            + "under 'resilience' reads it; did you mean '" + BACKEND + "failure-rate-threshold'?");
        }
    }

    @Nested
    class Resilience4jKeys {

        @Test
        void anOldResilience4jNameSaysWhatItIsCalledHere() {
            assertStartFails("resilience.retry.instances.backend.max-retry-attempts=3",
                    "Unknown property 'resilience.retry.instances.backend.max-retry-attempts': nothing under "
                            + "'resilience' reads it; a resilience4j setting: resilience4j's old name of "
                            + "'max-attempts' (the first call included, default 3); rename it");
        }

        @Test
        void theTimeLimiterGroupPointsAtTimeout() {
            runner.withPropertyValues("resilience.timelimiter.instances.backend.timeout-duration=2s").run(context ->
                    assertThat(cause(context).getMessage()).startsWith(
                            "Unknown property 'resilience.timelimiter.instances.backend.timeout-duration': nothing "
                                    + "under 'resilience' reads it; a resilience4j setting: resilience4j's time "
                                    + "limiter is 'resilience.timeout' here")
                            .contains("TimeoutExceededException"));
        }

        @Test
        void aPerPatternAspectOrderPointsAtTheSingleList() {
            runner.withPropertyValues("resilience.retry.retry-aspect-order=1").run(context ->
                    assertThat(cause(context).getMessage()).contains("'resilience.aspect-order'"));
        }

        @Test
        void aKeyWithoutCounterpartSaysWhatToDoInstead() {
            runner.withPropertyValues("resilience.circuit-breaker.configs.default.initial-state=open").run(context ->
                    assertThat(cause(context).getMessage()).contains("a resilience4j setting: not a YAML key here")
                            .contains("/actuator/resilience/circuit-breakers/{name}"));
        }

        @Test
        void resilience4jsSpellingOfThePatternKeysBinds() {
            runner.withPropertyValues("resilience.circuitbreaker.instances.backend.failure-rate-threshold=25",
                    "resilience.ratelimiter.instances.api.limit-for-period=7").run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(CircuitBreakerRegistry.class).get("backend").config()
                                .failureRateThreshold()).isEqualTo(25f);
                    });
        }
    }

    @Nested
    class ValidKeys {

        @Test
        void instanceAndConfigNamesListsAndBracketedKeysAreNeverFlagged() {
            runner.withPropertyValues("resilience.circuit-breaker.instances[payments.v2].failure-rate-threshold=40",
                    "resilience.circuit-breaker.configs.shared.sliding-window-size=20",
                    "resilience.circuit-breaker.instances.any-name-at-all.base-config=shared",
                    "resilience.circuit-breaker.instances.any-name-at-all.record-exceptions[0]=java.io.IOException",
                    "resilience.circuit-breaker.instances.any-name-at-all.ignore-exceptions="
                            + "java.lang.IllegalArgumentException,java.lang.IllegalStateException",
                    "resilience.retry.instances.backend.retry-exceptions[0]=java.io.IOException",
                    "resilience.aspect-order[0]=retry", "resilience.aspect-order[1]=circuit-breaker",
                    "resilience.timeout.configs.default.timeout-duration=2s",
                    "resilience.redis.url=redis://localhost:6379",
                    "resilience.fail-on-unknown-properties=true")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(CircuitBreakerRegistry.class).get("payments.v2").config()
                                .failureRateThreshold()).isEqualTo(40f);
                    });
        }

        @Test
        void anInstanceWithNothingSetIsNotFlagged() {
            // What YAML's "recommendations: {}" becomes.
            runner.withPropertyValues("resilience.retry.instances.recommendations=")
                    .run(context -> assertThat(context).hasNotFailed());
        }

        @Test
        void keysOfPropertiesClassesWhoseFeatureIsOffAreKnown() {
            // Neither the events endpoint nor the dashboard is configured in this context.
            runner.withPropertyValues("resilience.events.buffer-size=5", "resilience.dashboard.enabled=false",
                    "resilience.dashboard.refresh-interval=2s").run(context -> assertThat(context).hasNotFailed());
        }

        @Test
        void keysOfActivePropertiesClassesAreKnown() {
            runner.withConfiguration(AutoConfigurations.of(ResilienceEndpointAutoConfiguration.class,
                    ResilienceDashboardAutoConfiguration.class))
                    .withPropertyValues("resilience.events.buffer-size=5", "resilience.dashboard.enabled=true")
                    .run(context -> assertThat(context).hasNotFailed());
        }

        @Test
        void switchesReadOnlyByConditionsAreKnownFromTheMetadata() {
            runner.withPropertyValues("resilience.metrics.enabled=false", "resilience.observations.enabled=true",
                    "resilience.logging.enabled=false").run(context -> assertThat(context).hasNotFailed());
        }

        @Test
        void aKeyAddedByAnotherModulesPropertiesClassIsKnownWithoutChangesHere() {
            runner.withUserConfiguration(StoreModule.class)
                    .withPropertyValues("resilience.test-store.pool-size=4", "resilience.test-store.nodes.a=1")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(TestStoreProperties.class).getPoolSize()).isEqualTo(4);
                    });
        }

        @Test
        void aTypoInAnotherModulesKeyIsCaughtAndCorrectedFromItsClass() {
            runner.withUserConfiguration(StoreModule.class).withPropertyValues("resilience.test-store.pool-sise=4")
                    .run(context -> assertThat(cause(context)).hasMessage("Unknown property "
                            + "'resilience.test-store.pool-sise': nothing under 'resilience' reads it; did you mean "
                            + "'resilience.test-store.pool-size'?"));
        }

        @Test
        void keysOutsideResilienceAreNotChecked() {
            runner.withPropertyValues("resilience4j.circuitbreaker.instances.backend.failure-rate-treshold=1",
                    "spring.whatever=1").run(context -> assertThat(context).hasNotFailed());
        }

        @Test
        void aBadValueStillFailsAsABadValueNotAsAnUnknownKey() {
            runner.withPropertyValues(BACKEND + "failure-rate-threshold=150").run(context ->
                    assertThat(cause(context).getMessage()).startsWith(
                            "Invalid '" + BACKEND + "failure-rate-threshold' (150.0)"));
        }
    }

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    class Downgraded {

        @Test
        void withFailOnUnknownPropertiesFalseEachUnknownKeyIsOneWarning(CapturedOutput output) {
            runner.withPropertyValues("resilience.fail-on-unknown-properties=false",
                    BACKEND + "failure-rate-treshold=60", "resilience.retry.instances.backend.max-retry-attempts=3")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(output).containsOnlyOnce("Ignoring unknown property '" + BACKEND
                                + "failure-rate-treshold' (resilience.fail-on-unknown-properties=false): did you mean '"
                                + BACKEND + "failure-rate-threshold'?");
                        assertThat(output).containsOnlyOnce(
                                "Ignoring unknown property 'resilience.retry.instances.backend.max-retry-attempts'");
                    });
        }
    }

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    class LeftoverResilience4jKeys {

        @Test
        void keysStillUnderResilience4jWithoutResilience4jAreOneWarning(CapturedOutput output) {
            runner.withClassLoader(new FilteredClassLoader("io.github.resilience4j"))
                    .withPropertyValues("resilience4j.circuitbreaker.instances.backend.failure-rate-threshold=50",
                            "resilience4j.retry.instances.backend.max-attempts=3")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(output).containsOnlyOnce("2 properties under 'resilience4j' (for example "
                                + "'resilience4j.circuitbreaker.instances.backend.failure-rate-threshold') are read "
                                + "by nothing: resilience4j is not on the classpath.");
                    });
        }
    }

    @Nested
    class Reporting {

        @Test
        void theFailureAnalyzerShowsWhereTheUnknownKeyWasWritten() {
            TextResourceOrigin origin = new TextResourceOrigin(new ClassPathResource("application.yml"),
                    new TextResourceOrigin.Location(6, 8));
            OriginTrackedMapPropertySource yaml = new OriginTrackedMapPropertySource("application.yml",
                    Map.of(BACKEND + "failure-rate-treshold", OriginTrackedValue.of("60", origin)));
            MockEnvironment environment = new MockEnvironment();
            environment.getPropertySources().addFirst(yaml);
            runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(yaml))
                    .run(context -> {
                        FailureAnalysis analysis = new ResilienceFailureAnalyzer(environment)
                                .analyze(context.getStartupFailure());
                        assertThat(analysis.getDescription()).endsWith(
                                "\n\nOrigin: class path resource [application.yml] - 7:9");
                        assertThat(analysis.getAction()).startsWith("Fix or remove the key");
                    });
        }

        @Test
        @ExtendWith(OutputCaptureExtension.class)
        void aRealStartReportsApplicationFailedToStart(CapturedOutput output) {
            SpringApplication application = new SpringApplication(StrictApplication.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            application.setDefaultProperties(Map.of(BACKEND + "record-failure-predicat", "x.Y"));
            assertThatException().isThrownBy(application::run);
            assertThat(output).contains("APPLICATION FAILED TO START").contains("Description:\n\nUnknown property '"
                    + BACKEND + "record-failure-predicat': nothing under 'resilience' reads it; did you mean '"
                    + BACKEND + "record-failure-predicate'?");
        }
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
    @ImportAutoConfiguration({ResiliencePropertiesCheckAutoConfiguration.class, ResilienceAutoConfiguration.class})
    static class StrictApplication {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TestStoreProperties.class)
    static class StoreModule {
    }

    /** Stands for the properties another module binds under resilience (a store, say). */
    @ConfigurationProperties("resilience.test-store")
    public static class TestStoreProperties {

        private int poolSize = 1;

        private Map<String, Integer> nodes = new java.util.HashMap<>();

        public int getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(int poolSize) {
            this.poolSize = poolSize;
        }

        public Map<String, Integer> getNodes() {
            return nodes;
        }

        public void setNodes(Map<String, Integer> nodes) {
            this.nodes = nodes;
        }
    }
}
