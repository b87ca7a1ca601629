package dev.resilience.circuitbreaker;

import dev.resilience.core.PatternInstance;
import dev.resilience.circuitbreaker.internal.DefaultCircuitBreaker;
import dev.resilience.core.Policy;
import dev.resilience.core.event.EventConsumer;

/**
 * A circuit breaker: it watches the outcomes of the calls it protects and, when too many of them fail or are
 * slow, stops calls for a while (rejecting them with {@link CallNotPermittedException}) to give the other
 * side time to recover, then lets a few trial calls through to decide whether to resume.
 *
 * <pre>{@code
 * CircuitBreaker breaker = CircuitBreaker.of("backend", CircuitBreakerConfig.builder()
 *         .failureRateThreshold(50)
 *         .waitDurationInOpenState(Duration.ofSeconds(30))
 *         .build());
 * String answer = breaker.executeSupplier(backend::call);
 * }</pre>
 *
 * <h2>States</h2>
 * <ul>
 *   <li>{@link State#CLOSED}: calls pass and their outcomes fill the sliding window. Once the window holds
 *       {@code minimum-number-of-calls}, a failure rate at or above {@code failure-rate-threshold}, or a
 *       slow-call rate at or above {@code slow-call-rate-threshold}, opens the breaker.
 *   <li>{@link State#OPEN}: calls are rejected. After {@code wait-duration-in-open-state} the next call (or,
 *       with {@code automatic-transition-from-open-to-half-open-enabled}, a scheduled task) moves it to
 *       HALF_OPEN.
 *   <li>{@link State#HALF_OPEN}: exactly {@code permitted-number-of-calls-in-half-open-state} trial calls are
 *       admitted; once that many outcomes are in, the breaker closes, or opens again if a threshold is
 *       reached. If {@code max-wait-duration-in-half-open-state} (non-zero) passes first, it opens again.
 *   <li>Manual states, left only by another manual transition: {@link State#DISABLED} (every call passes,
 *       nothing is recorded, the clock is not read), {@link State#METRICS_ONLY} (every call passes and is
 *       recorded, the breaker never trips) and {@link State#FORCED_OPEN} (every call is rejected).
 * </ul>
 * Entering CLOSED (and {@link #reset()}) starts with an empty window.
 *
 * <h2>What counts as a failure</h2>
 * An exception that matches {@code ignore-exceptions} is not recorded at all. Otherwise, with neither
 * {@code record-exceptions} nor an exception predicate configured, every exception is a failure; with
 * them, an exception that matches neither counts as a success (as in resilience4j). A returned value is a
 * failure when the {@code recordResult} predicate accepts it.
 *
 * <h2>Outcomes and calls that span a transition</h2>
 * The wrapping methods ({@link #execute}, {@link #executeSupplier}, the decorators, {@link #executeAsync})
 * record a call's outcome in the window of the state period that admitted it: a call admitted while CLOSED
 * that completes after the breaker went HALF_OPEN cannot decide the trial. The low-level methods
 * ({@link #onSuccess}, {@link #onError}, {@link #onResult}) carry no such identity and record into the
 * current state, as resilience4j does.
 *
 * <h2>Cost</h2>
 * A successful call in CLOSED state allocates nothing and reads the {@link CircuitBreakerConfig#ticker()
 * ticker} twice (start and end, for slow-call detection); listeners, when registered, reuse those readings.
 * With second-scale thresholds (the defaults) the ticker is {@link dev.resilience.core.Ticker#coarse()}, so
 * those reads are two volatile loads, not two clock calls. A rejection allocates nothing either (one prebuilt
 * {@link CallNotPermittedException} per state). Counting windows are lock-free; time-based windows take a
 * short lock.
 *
 * <p>Thread-safe.
 *
 * @see CircuitBreakerConfig
 * @see CircuitBreakerRegistry
 * @since 0.1.0
 */
public interface CircuitBreaker extends Policy, PatternInstance<CircuitBreakerConfig, CircuitBreakerListener> {

    /** The states of a circuit breaker. */
    enum State {
        /** Calls pass and are recorded; the breaker opens when a threshold is reached. */
        CLOSED,
        /** Calls are rejected until {@code wait-duration-in-open-state} has passed. */
        OPEN,
        /** A limited number of trial calls pass; their outcomes decide between CLOSED and OPEN. */
        HALF_OPEN,
        /** Manual: every call passes and nothing is recorded. */
        DISABLED,
        /** Manual: every call passes and is recorded, but the breaker never trips. */
        METRICS_ONLY,
        /** Manual: every call is rejected. */
        FORCED_OPEN;

        /** Whether calls are rejected in this state (OPEN and FORCED_OPEN; HALF_OPEN rejects only extra calls). */
        public boolean rejectsCalls() {
            return this == OPEN || this == FORCED_OPEN;
        }
    }

    /**
     * What the breaker's window holds, read at one instant. Rates are in percent, and -1 while the window
     * holds fewer than {@code minimum-number-of-calls} calls. In HALF_OPEN the figures are those of the trial
     * calls; in OPEN and FORCED_OPEN, those of the period that ended (frozen).
     *
     * <p>An immutable snapshot: call {@link CircuitBreaker#metrics()} again for fresh figures.
     */
    interface Metrics {

        /** Failed calls as a percentage of buffered calls, or -1 before {@code minimum-number-of-calls}. */
        float failureRate();

        /** Slow calls as a percentage of buffered calls, or -1 before {@code minimum-number-of-calls}. */
        float slowCallRate();

        /** The calls in the window. */
        int bufferedCalls();

        /** The failed calls in the window (slow or not). */
        int failedCalls();

        /** The slow calls in the window (successful or not). */
        int slowCalls();

        /** The calls in the window that were both slow and failed. */
        int slowFailedCalls();

        /** The successful calls in the window (slow or not). */
        int successfulCalls();

        /**
         * The calls this instance rejected since it last entered CLOSED (or was reset). Counted per instance,
         * even when the state is shared through a store.
         */
        long notPermittedCalls();
    }

    /**
     * A circuit breaker with {@code config}.
     *
     * @throws NullPointerException when {@code name} or {@code config} is {@code null}
     */
    static CircuitBreaker of(String name, CircuitBreakerConfig config) {
        return new DefaultCircuitBreaker(name, config);
    }

    /** A circuit breaker with {@link CircuitBreakerConfig#ofDefaults()}. */
    static CircuitBreaker ofDefaults(String name) {
        return of(name, CircuitBreakerConfig.ofDefaults());
    }

    /** The current configuration. */
    CircuitBreakerConfig config();

    /**
     * Applies {@code config} in place: state, window, listeners and counters survive; calls that start
     * afterwards use the new thresholds, durations and classification. A changed window type, size or
     * minimum number of calls starts a new, empty window at once when the breaker is CLOSED or
     * METRICS_ONLY, and otherwise applies from the next period. Waits already running (OPEN,
     * HALF_OPEN) keep their length. The store factory applies only at creation.
     */
    void reconfigure(CircuitBreakerConfig config);

    /** The current state. */
    State state();

    /** A snapshot of the current window; see {@link Metrics}. */
    Metrics metrics();

    /**
     * Where this breaker keeps its state ({@code store}: memory, redis, jdbc) and whether it currently runs on
     * local state because its shared store is unreachable. With a shared store, {@link #metrics()} reports
     * the window of the whole fleet as last read from the store.
     */
    default dev.resilience.store.StoreInfo storeInfo() {
        return dev.resilience.store.StoreInfo.memory();
    }

    // ---- low-level API, for callers that cannot wrap the call (reactive operators, interceptors) ----

    /**
     * Asks for permission to make one call. On {@code true} the caller must report the outcome with exactly
     * one of {@link #onSuccess}, {@link #onResult}, {@link #onError}, or give the permission back with
     * {@link #releasePermission()} if the call is not made. On {@code false} the rejection has been counted
     * and listeners told ({@code onNotPermitted}). Never throws, never blocks.
     */
    boolean tryAcquirePermission();

    /**
     * Like {@link #tryAcquirePermission()}, but throws when the call is not permitted.
     *
     * @throws CallNotPermittedException when the breaker is OPEN or FORCED_OPEN, or HALF_OPEN with no trial
     *         permit left
     */
    void acquirePermission();

    /**
     * Gives back a permission that was acquired but not used (the call was never made). In HALF_OPEN this
     * returns the trial permit; in other states it does nothing.
     */
    void releasePermission();

    /**
     * Reports a successful call that took {@code durationNanos} (measure it with {@link #currentTimeNanos()}).
     * A duration at or above {@code slow-call-duration-threshold} makes it a slow call.
     */
    void onSuccess(long durationNanos);

    /**
     * Reports a call that returned {@code result}: a failure if the {@code recordResult} predicate accepts
     * it, a success otherwise.
     */
    void onResult(long durationNanos, Object result);

    /**
     * Reports a call that failed with {@code error}, classified by {@code record-exceptions},
     * {@code ignore-exceptions} and the exception predicate: a failure, a success, or ignored (in HALF_OPEN an
     * ignored error gives its trial permit back).
     */
    void onError(long durationNanos, Throwable error);

    /** The configured ticker's current time in nanoseconds: use it to measure durations for the low-level API. */
    long currentTimeNanos();

    // ---- manual transitions ----

    /**
     * Moves to CLOSED with an empty window. Like every manual transition it applies from any state, the
     * current one included (which restarts the period), and tells listeners {@code onStateTransition}.
     */
    void transitionToClosedState();

    /** Moves to OPEN, which starts a new {@code wait-duration-in-open-state}. */
    void transitionToOpenState();

    /** Moves to HALF_OPEN with a fresh set of trial permits. */
    void transitionToHalfOpenState();

    /** Moves to FORCED_OPEN: every call is rejected until another manual transition. */
    void transitionToForcedOpenState();

    /** Moves to DISABLED: every call passes, nothing is recorded, until another manual transition. */
    void transitionToDisabledState();

    /** Moves to METRICS_ONLY: every call passes and is recorded, the breaker never trips. */
    void transitionToMetricsOnlyState();

    /** Moves to {@code state}; the same as the matching {@code transitionTo...State()} method. */
    void transitionTo(State state);

    /**
     * Returns to CLOSED with an empty window and a zero not-permitted count. Listeners are told
     * {@code onStateTransition} if the state changed, then {@code onReset}.
     */
    void reset();

    // ---- listeners ----

    /**
     * Adds a listener; it is called on the thread that makes the call (or completes it, or runs the
     * scheduled transition). A listener that throws is logged and never breaks the call. Adding the same
     * listener twice notifies it twice.
     */
    void addListener(CircuitBreakerListener listener);

    /** Removes one registration of {@code listener}; returns whether it was registered. */
    boolean removeListener(CircuitBreakerListener listener);

    /**
     * Registers {@code consumer} to receive a {@link dev.resilience.core.event.ResilienceEvent} for each event
     * (pattern {@code circuit-breaker}; types {@code SUCCESS}, {@code ERROR}, {@code IGNORED_ERROR},
     * {@code NOT_PERMITTED}, {@code SLOW_CALL}, {@code STATE_TRANSITION}, {@code RESET},
     * {@code FAILURE_RATE_EXCEEDED}, {@code SLOW_CALL_RATE_EXCEEDED}; time from the configured clock).
     * Event objects are built only for such consumers.
     *
     * @return the listener that was added, to pass to {@link #removeListener} later
     */
    CircuitBreakerListener onEvent(EventConsumer consumer);
}
