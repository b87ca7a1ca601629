package dev.resilience.circuitbreaker.internal;

import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.spi.CircuitState;
import dev.resilience.core.ExceptionClassifier;
import dev.resilience.core.Ticker;
import dev.resilience.core.internal.Nanos;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * A {@link CircuitBreakerConfig} turned into the primitives the hot path reads: durations in nanoseconds,
 * the classifier, flags. One immutable object behind one volatile field, so a call reads its whole
 * configuration consistently with a single read, and {@code reconfigure} is one write.
 */
final class Settings {

    final CircuitBreakerConfig config;
    final Ticker ticker;
    final CircuitBreakerConfig.SlidingWindowType windowType;
    final int windowSize;
    final int minimumNumberOfCalls;
    final float failureRateThreshold;
    final float slowCallRateThreshold;
    final long slowCallDurationNanos;
    final int permittedCallsInHalfOpen;
    /** {@link CircuitState#UNLIMITED} when the configured maximum wait is zero. */
    final long maxWaitInHalfOpenNanos;
    final long waitInOpenNanos;
    final boolean automaticTransition;
    final ExceptionClassifier classifier;
    final Predicate<Object> resultPredicate;
    final boolean writableStackTrace;

    Settings(CircuitBreakerConfig config) {
        this.config = config;
        this.ticker = config.ticker();
        this.windowType = config.slidingWindowType();
        this.windowSize = config.slidingWindowSize();
        this.minimumNumberOfCalls = config.minimumNumberOfCalls();
        this.failureRateThreshold = config.failureRateThreshold();
        this.slowCallRateThreshold = config.slowCallRateThreshold();
        this.slowCallDurationNanos = nanos(config.slowCallDurationThreshold());
        this.permittedCallsInHalfOpen = config.permittedNumberOfCallsInHalfOpenState();
        long maxWait = nanos(config.maxWaitDurationInHalfOpenState());
        this.maxWaitInHalfOpenNanos = maxWait == 0 ? CircuitState.UNLIMITED : maxWait;
        this.waitInOpenNanos = nanos(config.waitDurationInOpenState());
        this.automaticTransition = config.automaticTransitionFromOpenToHalfOpenEnabled();
        this.classifier = config.exceptionClassifier();
        this.resultPredicate = config.recordResultPredicate();
        this.writableStackTrace = config.writableStackTraceEnabled();
    }

    boolean sameWindowAs(Settings other) {
        return windowType == other.windowType && windowSize == other.windowSize
                && minimumNumberOfCalls == other.minimumNumberOfCalls;
    }

    /** Nanoseconds, saturated: a duration too long for a {@code long} of nanoseconds never ends (UNLIMITED). */
    private static long nanos(Duration duration) {
        return Nanos.saturated(duration);
    }
}
