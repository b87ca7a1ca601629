package dev.resilience.spring.boot.autoconfigure.customizer;

import java.util.function.Consumer;

import dev.resilience.ratelimiter.RateLimiterConfig;

/**
 * Adjusts in code the rate limiter configurations built from {@code resilience.rate-limiter.*}: a bean of this type is
 * called for every config and instance name after the properties were applied (see {@link ConfigCustomizer}).
 *
 * <pre>{@code
 * @Bean
 * RateLimiterConfigCustomizer backendRateLimiter() {
 *     return RateLimiterConfigCustomizer.of("backend", builder -> builder.clock(clock));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RateLimiterConfigCustomizer extends ConfigCustomizer<RateLimiterConfig.Builder> {

    /**
     * A customizer for the one name {@code name}, which gets a configuration of its own even when the
     * properties do not mention it.
     */
    static RateLimiterConfigCustomizer of(String name, Consumer<RateLimiterConfig.Builder> customizer) {
        final class Named extends NamedConfigCustomizer<RateLimiterConfig.Builder> implements RateLimiterConfigCustomizer {
            Named() {
                super("RateLimiterConfigCustomizer", name, customizer);
            }
        }
        return new Named();
    }
}
