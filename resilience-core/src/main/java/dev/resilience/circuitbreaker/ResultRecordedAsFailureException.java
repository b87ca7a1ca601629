package dev.resilience.circuitbreaker;

import dev.resilience.core.ResilienceException;

/**
 * Stands for a returned value that the {@code recordResult} predicate counted as a failure, when listeners
 * are told about it through {@link CircuitBreakerListener#onError}. Never thrown to the caller: the caller
 * still receives the value. Created only when someone listens, without a stack trace.
 *
 * @since 0.1.0
 */
public class ResultRecordedAsFailureException extends ResilienceException {

    private static final long serialVersionUID = 1L;

    private final transient Object result;

    /**
     * @param name the circuit breaker's name
     * @param result the value that was recorded as a failure (may be {@code null})
     */
    public ResultRecordedAsFailureException(String name, Object result) {
        super(name, null, null, false);
        this.result = result;
    }

    /** The value that was recorded as a failure; {@code null} after deserialization. */
    public Object result() {
        return result;
    }

    @Override
    public String getMessage() {
        return "CircuitBreaker '" + name() + "' recorded the result '" + result + "' as a failure";
    }
}
