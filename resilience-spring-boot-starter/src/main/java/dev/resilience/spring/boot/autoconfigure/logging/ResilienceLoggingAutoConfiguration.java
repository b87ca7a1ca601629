package dev.resilience.spring.boot.autoconfigure.logging;

import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import dev.resilience.spring.boot.logging.FallbackLogger;
import dev.resilience.spring.boot.logging.ResilienceLogging;
import dev.resilience.spring.boot.pattern.PatternDescriptor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Logs what the patterns do, one logger per pattern ({@code dev.resilience.circuitbreaker},
 * {@code dev.resilience.retry}, {@code dev.resilience.bulkhead}, {@code dev.resilience.ratelimiter},
 * {@code dev.resilience.timeout}, {@code dev.resilience.fallback}, and each other pattern's
 * {@code PatternDescriptor.loggerName()}): state transitions at INFO, rejections at DEBUG, nothing per
 * successful call (see {@link ResilienceLogging}). Set the loggers' levels as usual, e.g.
 * {@code logging.level.dev.resilience.ratelimiter=debug}.
 *
 * <p>Beans: {@code resilienceLogging} ({@link ResilienceLogging}, attached to the registry of every
 * {@link PatternDescriptor} bean and detached when the context closes) and {@code resilienceFallbackLogger}
 * ({@link FallbackLogger}). Switched off entirely with {@code resilience.logging.enabled=false} (default
 * {@code true}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class)
@ConditionalOnClass(name = "org.apache.commons.logging.LogFactory")
@ConditionalOnBooleanProperty(name = "resilience.logging.enabled", matchIfMissing = true)
public final class ResilienceLoggingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ResilienceLogging resilienceLogging(ObjectProvider<PatternDescriptor<?, ?>> descriptors) {
        return new ResilienceLogging().followAll(descriptors.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    FallbackLogger resilienceFallbackLogger() {
        return new FallbackLogger();
    }
}
