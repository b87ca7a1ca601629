package dev.resilience.spring.boot.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import dev.resilience.spring.boot.observation.ResilienceObservation.HighCardinalityKeyNames;
import dev.resilience.spring.boot.observation.ResilienceObservation.LowCardinalityKeyNames;

/**
 * The default names and key values of {@value ResilienceObservation#CALL_NAME}: contextual name
 * {@code resilience SimpleClassName#method}; low-cardinality {@code pattern}, {@code name}, {@code method},
 * {@code outcome}; high-cardinality {@code attempts} on methods with a retry.
 *
 * <p>Thread-safe and stateless.
 *
 * @since 0.1.0
 */
public class DefaultResilienceCallObservationConvention implements ResilienceCallObservationConvention {

    @Override
    public String getName() {
        return ResilienceObservation.CALL_NAME;
    }

    @Override
    public String getContextualName(ResilienceCallContext context) {
        return "resilience " + context.method();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ResilienceCallContext context) {
        ResilienceCallContext.Outcome outcome = context.outcome();
        return KeyValues.of(
                KeyValue.of(LowCardinalityKeyNames.PATTERN, String.join(",", context.patterns())),
                KeyValue.of(LowCardinalityKeyNames.NAME, String.join(",", context.names())),
                KeyValue.of(LowCardinalityKeyNames.METHOD, context.method()),
                KeyValue.of(LowCardinalityKeyNames.OUTCOME, outcome == null ? "unknown" : outcome.value()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ResilienceCallContext context) {
        if (!context.hasRetry()) {
            return KeyValues.empty();
        }
        return KeyValues.of(HighCardinalityKeyNames.ATTEMPTS.withValue(Integer.toString(context.attempts())));
    }
}
