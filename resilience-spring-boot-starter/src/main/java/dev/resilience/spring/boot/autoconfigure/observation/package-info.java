/**
 * Auto-configuration of the Observation API support:
 * {@link dev.resilience.spring.boot.autoconfigure.observation.ResilienceObservationAutoConfiguration}.
 *
 * <p>Arguments and return values are non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.resilience.spring.boot.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
