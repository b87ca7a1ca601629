package dev.resilience.spring.boot.autoconfigure.actuate;

import dev.resilience.core.Policy;
import dev.resilience.spring.boot.actuate.CircuitBreakersHealthContributor;
import dev.resilience.spring.boot.actuate.PatternHealthContributor;
import dev.resilience.spring.boot.actuate.RateLimitersHealthContributor;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.pattern.PatternDescriptor;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The health contributors of the patterns: one composite contributor per {@link PatternDescriptor} bean with
 * a {@code health(beans)} facet, registered in Spring Boot's {@link HealthContributorRegistry} under the
 * facet's name as soon as the registry exists, with one indicator per listed instance
 * ({@link PatternHealthContributor}). For the built-in patterns:
 * <ul>
 *   <li>{@value CircuitBreakersHealthContributor#NAME}: each circuit breaker with
 *       {@code register-health-indicator: true} (the default), {@code DOWN} only while a breaker with
 *       {@code allow-health-indicator-to-fail: true} is OPEN or FORCED_OPEN; switched off with
 *       {@code management.health.resilience.enabled=false};
 *   <li>{@value RateLimitersHealthContributor#NAME}: each rate limiter with
 *       {@code register-health-indicator: true} (opt-in), {@code DOWN} only while one with
 *       {@code allow-health-indicator-to-fail: true} has no permission left; switched off with
 *       {@code management.health.resilience-rate-limiters.enabled=false}.
 * </ul>
 * A contributor is switched off with {@code management.health.<name in kebab case>.enabled=false} (default
 * {@code management.health.defaults.enabled}); one the application registers under the same name (a bean
 * named {@code resilienceHealthContributor}, say) is kept instead of ours. Without any listed instance a
 * composite is empty, which Spring Boot leaves out of the health response.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class)
@ConditionalOnClass({Policy.class, HealthContributor.class, HealthContributorRegistry.class})
public final class ResilienceHealthContributorAutoConfiguration {

    /** Static: a post-processor, created before the other beans; resolves what it needs when it is used. */
    @Bean
    static PatternHealthRegistrar resilienceHealthContributors(ObjectProvider<PatternDescriptor<?, ?>> descriptors,
            BeanFactory beanFactory, Environment environment) {
        return new PatternHealthRegistrar(descriptors, beanFactory, environment);
    }
}
