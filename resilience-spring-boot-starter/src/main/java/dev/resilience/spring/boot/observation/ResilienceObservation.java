package dev.resilience.spring.boot.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of a protected call of an annotated method, {@value #CALL_NAME}: its name and key names.
 *
 * @since 0.1.0
 */
public enum ResilienceObservation implements ObservationDocumentation {

    /** One call of an annotated method, through all of its patterns (retries included). */
    CALL {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultResilienceCallObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeyNames.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeyNames.values();
        }

        @Override
        public Observation.Event[] getEvents() {
            return Events.values();
        }
    };

    /** The observation's name (and so the name of the timer that Micrometer's meter handler derives from it). */
    public static final String CALL_NAME = "resilience.call";

    /** Low-cardinality key values: bounded by the code, so they may become metric tags. */
    public enum LowCardinalityKeyNames implements KeyName {

        /** The pattern keys of the method's annotations, outermost first, comma-separated: {@code retry,circuit-breaker}. */
        PATTERN {
            @Override
            public String asString() {
                return "pattern";
            }
        },

        /** The instance names of those patterns, outermost first, comma-separated, without repeats. */
        NAME {
            @Override
            public String asString() {
                return "name";
            }
        },

        /** {@code SimpleClassName#method} of the annotated method. */
        METHOD {
            @Override
            public String asString() {
                return "method";
            }
        },

        /** {@code success}, {@code failure}, {@code rejected} or {@code fallback}; see {@link ResilienceCallContext.Outcome}. */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        }
    }

    /** High-cardinality key values: for traces only. */
    public enum HighCardinalityKeyNames implements KeyName {

        /** The attempts a retry made (present only on methods with {@code @Retry}). */
        ATTEMPTS {
            @Override
            public String asString() {
                return "attempts";
            }
        }
    }

    /** Events recorded on the observation while the call runs. */
    public enum Events implements Observation.Event {

        /** A retry starts another attempt; a tracing backend shows it as a span event. */
        RETRY {
            @Override
            public String getName() {
                return "resilience.retry";
            }

            @Override
            public String getContextualName() {
                return "retry";
            }
        }
    }
}
