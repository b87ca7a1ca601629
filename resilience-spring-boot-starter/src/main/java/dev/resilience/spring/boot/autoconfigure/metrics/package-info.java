/**
 * Auto-configuration of the Micrometer meters of the resilience patterns:
 * {@link dev.resilience.spring.boot.autoconfigure.metrics.ResilienceMetricsAutoConfiguration}.
 *
 * <p>Arguments and return values are non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.resilience.spring.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
