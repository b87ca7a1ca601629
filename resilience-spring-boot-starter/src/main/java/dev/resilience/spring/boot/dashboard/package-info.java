/**
 * The live resilience dashboard: an opt-in page ({@code resilience.dashboard.enabled=true}) served at
 * {@code /resilience/dashboard} that polls the {@code resilience} actuator endpoint every second and shows each
 * circuit breaker's state, rates, counts and last transitions, each bulkhead's fill and each rate limiter's
 * available permissions.
 *
 * <p>Public API: {@link dev.resilience.spring.boot.dashboard.ResilienceDashboardAutoConfiguration} (listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}) and
 * {@link dev.resilience.spring.boot.dashboard.ResilienceDashboardProperties}. The page's HTML, CSS and
 * JavaScript live in {@code META-INF/resilience/} of the starter jar.
 *
 * <p>Arguments and return values are non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.resilience.spring.boot.dashboard;

import org.jspecify.annotations.NullMarked;
