package dev.resilience.spring.boot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of {@value ResilienceObservation#CALL_NAME} observations. Define a bean of this type to
 * replace {@link DefaultResilienceCallObservationConvention} (for example extending it to add key values).
 *
 * @since 0.1.0
 */
public interface ResilienceCallObservationConvention extends ObservationConvention<ResilienceCallContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ResilienceCallContext;
    }
}
