/**
 * Micrometer Observation API support for annotated methods: each protected call observed as
 * {@value dev.resilience.spring.boot.observation.ResilienceObservation#CALL_NAME} (see
 * {@link dev.resilience.spring.boot.observation.ObservationPipelineDecorator}), so tracing backends see
 * retries, rejections and fallbacks, and Micrometer's meter handler times calls by outcome. Off unless
 * {@code resilience.observations.enabled=true}.
 *
 * <p>Arguments and return values are non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.resilience.spring.boot.observation;

import org.jspecify.annotations.NullMarked;
