package dev.resilience.timeout;

import dev.resilience.core.ResilienceException;
import dev.resilience.core.internal.DurationFormat;

import java.time.Duration;
import java.util.Objects;

/**
 * A call protected by a {@link Timeout} did not complete in time. Thrown by synchronous calls, and the failure
 * of the stage returned for asynchronous calls.
 *
 * <p>Two causes, told apart by {@link #deadlineExceeded()}:
 * <ul>
 *   <li>the timeout's own {@code timeout-duration} ran out:
 *       {@code Timeout 'backend' of 200ms exceeded};
 *   <li>an enclosing {@link Deadline} (shared by the nested calls of one request) left less time than the own
 *       duration, and that ran out:
 *       {@code Timeout 'backend' exceeded the enclosing deadline (150ms were left of its own 200ms)}.
 * </ul>
 *
 * <p>Immutable; safe to share between threads.
 *
 * @see Timeout
 * @see Deadline
 * @since 0.1.0
 */
public class TimeoutExceededException extends ResilienceException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;
    private final Duration configuredTimeout;

    /**
     * A timeout's own duration ran out; the stack trace is filled in.
     *
     * @param name the timeout instance name
     * @param timeout the duration that ran out
     */
    public TimeoutExceededException(String name, Duration timeout) {
        this(name, timeout, timeout, true);
    }

    /**
     * @param name the timeout instance name
     * @param timeout how long the call was given: the own duration, or less when an enclosing deadline left less
     * @param configuredTimeout the timeout's own {@code timeout-duration}
     * @param writableStackTrace {@code false} to skip filling in the stack trace (asynchronous timeouts fire on
     *        a scheduler thread, whose stack says nothing about the call)
     */
    public TimeoutExceededException(String name, Duration timeout, Duration configuredTimeout,
            boolean writableStackTrace) {
        this(name, timeout, configuredTimeout, null, writableStackTrace);
    }

    /**
     * @param name the timeout instance name
     * @param timeout how long the call was given: the own duration, or less when an enclosing deadline left less
     * @param configuredTimeout the timeout's own {@code timeout-duration}
     * @param cause what the call threw when it reacted to the timeout's interrupt (for example an
     *        {@link InterruptedException}), or {@code null}
     * @param writableStackTrace {@code false} to skip filling in the stack trace
     */
    public TimeoutExceededException(String name, Duration timeout, Duration configuredTimeout, Throwable cause,
            boolean writableStackTrace) {
        super(name, message(name, timeout, configuredTimeout), cause, writableStackTrace);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.configuredTimeout = Objects.requireNonNull(configuredTimeout, "configuredTimeout");
    }

    /**
     * How long the call was given before it was abandoned: the timeout's own duration, or what was left of an
     * enclosing {@link Deadline} when that was less. Zero when nothing was left, in which case the call was
     * never started.
     */
    public Duration timeout() {
        return timeout;
    }

    /** The timeout's own configured {@code timeout-duration}. */
    public Duration configuredTimeout() {
        return configuredTimeout;
    }

    /** {@code true} when an enclosing {@link Deadline}, not the timeout's own duration, ran out. */
    public boolean deadlineExceeded() {
        return timeout.compareTo(configuredTimeout) < 0;
    }

    private static String message(String name, Duration timeout, Duration configuredTimeout) {
        if (timeout.compareTo(configuredTimeout) < 0) {
            return "Timeout '" + name + "' exceeded the enclosing deadline (" + DurationFormat.format(timeout)
                    + " were left of its own " + DurationFormat.format(configuredTimeout) + ")";
        }
        return "Timeout '" + name + "' of " + DurationFormat.format(timeout) + " exceeded";
    }
}
