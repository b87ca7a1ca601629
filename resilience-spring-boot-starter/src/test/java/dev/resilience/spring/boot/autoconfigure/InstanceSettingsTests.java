package dev.resilience.spring.boot.autoconfigure;

import dev.resilience.spring.boot.actuate.RateLimiterHealthSettings;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.spring.boot.actuate.PatternHealthContributor;
import dev.resilience.spring.boot.actuate.ResilienceEventBuffer;
import dev.resilience.spring.boot.autoconfigure.actuate.ResilienceEndpointAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.actuate.ResilienceHealthContributorAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-instance settings resilience4j users carry over that only the Spring integration reads:
 * {@code event-consumer-buffer-size} on every pattern, and the rate limiters' opt-in health settings.
 */
class InstanceSettingsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceEndpointAutoConfiguration.class,
                    ResilienceHealthContributorAutoConfiguration.class,
                    HealthContributorRegistryAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=resilienceevents",
                    "resilience.events.buffer-size=7");

    @Test
    void everyPatternHasAnEventConsumerBufferSizeInheritedLikeTheOtherSettings() {
        runner.withPropertyValues("resilience.retry.instances.backend.event-consumer-buffer-size=3",
                "resilience.timeout.configs.default.event-consumer-buffer-size=5",
                "resilience.bulkhead.configs.shared.event-consumer-buffer-size=9",
                "resilience.bulkhead.instances.pool.base-config=shared",
                "resilience.thread-pool-bulkhead.instances.exports.event-consumer-buffer-size=11",
                "resilience.rate-limiter.instances.api.event-consumer-buffer-size=12",
                "resilience.circuit-breaker.instances.cb.event-consumer-buffer-size=13").run(context -> {
                    ResilienceEventBuffer buffer = context.getBean(ResilienceEventBuffer.class);
                    assertThat(buffer.bufferSize("retry", "backend")).isEqualTo(3);
                    assertThat(buffer.bufferSize("retry", "other")).isEqualTo(7);
                    assertThat(buffer.bufferSize("timeout", "any")).as("from the default config").isEqualTo(5);
                    assertThat(buffer.bufferSize("bulkhead", "pool")).as("through base-config").isEqualTo(9);
                    assertThat(buffer.bufferSize("thread-pool-bulkhead", "exports")).isEqualTo(11);
                    assertThat(buffer.bufferSize("rate-limiter", "api")).isEqualTo(12);
                    assertThat(buffer.bufferSize("circuit-breaker", "cb")).isEqualTo(13);
                    assertThat(buffer.bufferSize("fallback", "Service#call")).isEqualTo(7);
                });
    }

    @Test
    void anEventConsumerBufferSizeBelowOneFailsTheStartNamingThePath() {
        runner.withPropertyValues("resilience.timeout.instances.slow.event-consumer-buffer-size=0").run(context ->
                assertThat(context).getFailure().rootCause().isInstanceOf(ResilienceConfigurationException.class)
                        .hasMessage("Invalid 'resilience.timeout.instances.slow.event-consumer-buffer-size' (0): "
                                + "must be greater than or equal to 1"));
    }

    @Test
    void rateLimiterHealthIsOptInAndInherited() {
        runner.withPropertyValues("resilience.rate-limiter.configs.watched.register-health-indicator=true",
                "resilience.rate-limiter.configs.watched.allow-health-indicator-to-fail=true",
                "resilience.rate-limiter.instances.api.base-config=watched",
                "resilience.rate-limiter.instances.quiet.allow-health-indicator-to-fail=true").run(context -> {
                    RateLimiterHealthSettings settings = context.getBean(RateLimiterHealthSettings.class);
                    assertThat(settings.registerHealthIndicator("anything")).isFalse();
                    assertThat(settings.registerHealthIndicator("api")).isTrue();
                    assertThat(settings.allowHealthIndicatorToFail("api")).isTrue();
                    assertThat(settings.registerHealthIndicator("quiet")).isFalse();
                    assertThat(context.getBean(HealthContributorRegistry.class).getContributor("resilienceRateLimiters"))
                            .isInstanceOf(PatternHealthContributor.class);
                });
    }

    @Test
    void withTheApplicationsOwnRegistryTheSettingsAreReadFromTheBoundProperties() {
        runner.withUserConfiguration(OwnRegistry.class)
                .withPropertyValues("resilience.rate-limiter.instances.api.register-health-indicator=true",
                        "resilience.retry.instances.backend.event-consumer-buffer-size=2")
                .run(context -> {
                    assertThat(context.getBean(RateLimiterHealthSettings.class).registerHealthIndicator("api"))
                            .isTrue();
                    assertThat(context.getBean(ResilienceEventBuffer.class).bufferSize("retry", "backend"))
                            .as("the retry registry is still built from properties").isEqualTo(2);
                });
    }

    @Test
    void theRateLimiterHealthContributorCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.resilience-rate-limiters.enabled=false")
                .run(context -> assertThat(context.getBean(HealthContributorRegistry.class)
                        .getContributor("resilienceRateLimiters")).isNull());
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistry {
        @Bean
        RateLimiterRegistry rateLimiterRegistry() {
            return RateLimiterRegistry.ofDefaults();
        }
    }
}
