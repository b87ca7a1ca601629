package dev.resilience.spring.boot.observation;

import java.util.List;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What is known about one observed call of an annotated method ({@value ResilienceObservation#CALL_NAME}):
 * the method, its patterns and instance names (fixed per method), and, once the call has ended, its
 * {@link #outcome()} and the number of {@link #attempts()} a retry made.
 *
 * <p>Written by the thread(s) running the call, read by observation handlers when the observation stops.
 *
 * @since 0.1.0
 */
public final class ResilienceCallContext extends Observation.Context {

    /** How an observed call ended. */
    public enum Outcome {
        /** The call returned normally (possibly after retries). */
        SUCCESS("success"),
        /** The call failed with its own failure, a timeout, or after retries. */
        FAILURE("failure"),
        /** A circuit breaker, bulkhead or rate limiter refused the call, and no fallback replaced that. */
        REJECTED("rejected"),
        /** The call failed, or was rejected, and a {@code @Fallback} method produced the result. */
        FALLBACK("fallback");

        private final String value;

        Outcome(String value) {
            this.value = value;
        }

        /** The key value: {@code success}, {@code failure}, {@code rejected} or {@code fallback}. */
        public String value() {
            return value;
        }
    }

    private final MethodDescription method;
    private volatile @Nullable Outcome outcome;
    private volatile boolean innerFailed;
    private volatile int attempts;
    private volatile @Nullable Observation observation;

    ResilienceCallContext(MethodDescription method) {
        this.method = method;
    }

    /** {@code SimpleClassName#method} of the annotated method. */
    public String method() {
        return method.method();
    }

    /** The pattern keys of the method's annotations, outermost first, e.g. {@code [fallback, retry, circuit-breaker]}. */
    public List<String> patterns() {
        return method.patterns();
    }

    /** The instance names of the method's patterns, outermost first, without repeats. */
    public List<String> names() {
        return method.names();
    }

    /** Whether the method has a retry, so {@link #attempts()} is counted. */
    public boolean hasRetry() {
        return method.hasRetry();
    }

    /** How the call ended; {@code null} while it runs. */
    public @Nullable Outcome outcome() {
        return outcome;
    }

    /** Attempts the retry made (1 without retries); 0 when the method has no retry or none was made. */
    public int attempts() {
        return attempts;
    }

    // --------------------------------------------------------------------------------- written by the layers

    void observation(Observation observation) {
        this.observation = observation;
    }

    @Nullable Observation observation() {
        return observation;
    }

    /** The layers inside the fallback ended: {@code failed} means the fallback had something to replace. */
    void innerOutcome(boolean failed) {
        innerFailed = failed;
    }

    /** One more attempt starts; returns its number. Attempts follow each other, so no lost update. */
    int attempt() {
        int number = attempts + 1;
        attempts = number;
        return number;
    }

    void succeeded() {
        outcome = innerFailed ? Outcome.FALLBACK : Outcome.SUCCESS;
    }

    void failed(Throwable failure) {
        outcome = Rejections.isRejection(failure) ? Outcome.REJECTED : Outcome.FAILURE;
    }
}
