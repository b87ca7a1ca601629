package dev.resilience.spring.boot.autoconfigure.actuate;

import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.Policy;
import dev.resilience.spring.boot.actuate.CircuitBreakersHealthContributor;
import dev.resilience.spring.boot.autoconfigure.CircuitBreakerHealthSettings;
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
 * The {@code resilience} health contributor ({@code resilienceHealthContributor}, a
 * {@link CircuitBreakersHealthContributor}): one indicator per circuit breaker with
 * {@code register-health-indicator: true}, {@code DOWN} only while a breaker with
 * {@code allow-health-indicator-to-fail: true} is OPEN or FORCED_OPEN. Switched off with
 * {@code management.health.resilience.enabled=false}; backs off when the application defines a bean named
 * {@code resilienceHealthContributor}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class)
@ConditionalOnClass({Policy.class, HealthContributor.class})
@ConditionalOnBean(CircuitBreakerRegistry.class)
@ConditionalOnEnabledHealthIndicator("resilience")
public final class ResilienceHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "resilienceHealthContributor")
    CircuitBreakersHealthContributor resilienceHealthContributor(CircuitBreakerRegistry circuitBreakerRegistry,
            ObjectProvider<CircuitBreakerHealthSettings> settings) {
        return new CircuitBreakersHealthContributor(circuitBreakerRegistry,
                settings.getIfAvailable(CircuitBreakerHealthSettings::ofDefaults));
    }
}
