/**
 * Auto-configuration of the actuator support when Spring Boot Actuator is present: the {@code resilience} and
 * {@code resilienceevents} endpoints
 * ({@link dev.resilience.spring.boot.autoconfigure.actuate.ResilienceEndpointAutoConfiguration}, each only when
 * available, that is enabled and exposed) and the health contributors of the patterns
 * ({@link dev.resilience.spring.boot.autoconfigure.actuate.ResilienceHealthContributorAutoConfiguration}).
 *
 * <p>Arguments and return values are non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.resilience.spring.boot.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
