package dev.resilience.spring.boot.autoconfigure.actuate;

import dev.resilience.core.Policy;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.spring.boot.actuate.RateLimitersHealthContributor;
import dev.resilience.spring.boot.autoconfigure.RateLimiterHealthSettings;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * The {@code resilienceRateLimiters} health contributor ({@code resilienceRateLimitersHealthContributor}, a
 * {@link RateLimitersHealthContributor}): one indicator per rate limiter with
 * {@code register-health-indicator: true} (opt-in), {@code DOWN} only while one with
 * {@code allow-health-indicator-to-fail: true} has no permission left. Without any listed limiter it is
 * empty, which Spring Boot leaves out of the health response. Switched off with
 * {@code management.health.resilience-rate-limiters.enabled=false}; backs off when the application defines a
 * bean named {@code resilienceRateLimitersHealthContributor}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class)
@ConditionalOnClass({Policy.class, HealthContributor.class})
@ConditionalOnBean(RateLimiterRegistry.class)
@ConditionalOnEnabledHealthIndicator("resilience-rate-limiters")
public final class ResilienceRateLimiterHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "resilienceRateLimitersHealthContributor")
    RateLimitersHealthContributor resilienceRateLimitersHealthContributor(RateLimiterRegistry rateLimiterRegistry,
            ObjectProvider<RateLimiterHealthSettings> settings) {
        return new RateLimitersHealthContributor(rateLimiterRegistry,
                settings.getIfAvailable(RateLimiterHealthSettings::ofDefaults));
    }
}
