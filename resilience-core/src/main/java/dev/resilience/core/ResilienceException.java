package dev.resilience.core;

/**
 * Base class of every exception this library raises on its own behalf: a call rejected by a circuit
 * breaker, a full bulkhead, an exceeded rate limit, an exceeded timeout.
 *
 * <p>Exceptions thrown by the protected code itself are never wrapped in a {@code ResilienceException}: the
 * caller sees them unchanged.
 *
 * <p>Rejections are on the hot path of an overloaded system, so subclasses may be created without a stack
 * trace ({@code writableStackTrace = false}), which makes creating them cheap.
 *
 * @since 0.1.0
 */
public abstract class ResilienceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String name;

    /**
     * @param name the name of the instance (circuit breaker, bulkhead, ...) that raised it
     * @param message a message a person can act on
     * @param cause the cause, or {@code null}
     * @param writableStackTrace {@code false} to skip filling in the stack trace
     */
    protected ResilienceException(String name, String message, Throwable cause, boolean writableStackTrace) {
        this(name, message, cause, true, writableStackTrace);
    }

    /**
     * @param name the name of the instance (circuit breaker, bulkhead, ...) that raised it
     * @param message a message a person can act on
     * @param cause the cause, or {@code null}
     * @param enableSuppression {@code false} for an instance that is thrown many times (prebuilt): then
     *        {@link #addSuppressed} does nothing, so nobody can grow a shared exception
     * @param writableStackTrace {@code false} to skip filling in the stack trace
     * @since 0.1.0
     */
    protected ResilienceException(String name, String message, Throwable cause, boolean enableSuppression,
            boolean writableStackTrace) {
        super(message, cause, enableSuppression, writableStackTrace);
        this.name = name;
    }

    /** The name of the instance that raised this exception, as configured. */
    public String name() {
        return name;
    }
}
