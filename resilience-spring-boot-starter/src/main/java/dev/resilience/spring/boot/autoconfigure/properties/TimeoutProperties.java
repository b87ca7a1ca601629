package dev.resilience.spring.boot.autoconfigure.properties;

import java.time.Duration;

import dev.resilience.timeout.TimeoutConfig.Mode;
import org.jspecify.annotations.Nullable;

/**
 * Settings of one timeout config or instance: {@code resilience.timeout.configs.<name>.*} and
 * {@code resilience.timeout.instances.<name>.*}. Maps onto {@code dev.resilience.timeout.TimeoutConfig}.
 *
 * <p>Every value is {@code null} until set, which means "inherited" (see {@link InstanceProperties}); the
 * default named in each description is the built-in one. Values are validated by the core builders when the
 * application starts: a value out of range fails the start with its full property path.
 *
 * <p>Not thread-safe: bound once by Spring Boot, then only read.
 *
 * @since 0.1.0
 */
public class TimeoutProperties extends InstanceProperties {

    /**
     * How long a call may take; 0 makes every call time out at once. Default: 1s.
     */
    private @Nullable Duration timeoutDuration;

    /**
     * Whether a call that timed out is cancelled: its future is cancelled, and for a synchronous
     * method the thread running it (the caller's, or the worker's in worker mode) is interrupted.
     * Default: true.
     */
    private @Nullable Boolean cancelRunningFuture;

    /**
     * Where a synchronous method runs: caller (on the calling thread, so transactions, request
     * and security contexts and other thread-bound state are visible; one shared timer thread
     * interrupts it at the deadline) or worker (handed to a worker thread and abandoned at the
     * deadline, for calls that ignore interrupts). Default: caller.
     */
    private @Nullable Mode mode;

    public @Nullable Duration getTimeoutDuration() {
        return timeoutDuration;
    }

    public void setTimeoutDuration(@Nullable Duration timeoutDuration) {
        this.timeoutDuration = timeoutDuration;
    }

    public @Nullable Boolean getCancelRunningFuture() {
        return cancelRunningFuture;
    }

    public void setCancelRunningFuture(@Nullable Boolean cancelRunningFuture) {
        this.cancelRunningFuture = cancelRunningFuture;
    }

    public @Nullable Mode getMode() {
        return mode;
    }

    public void setMode(@Nullable Mode mode) {
        this.mode = mode;
    }
}
