package dev.resilience.circuitbreaker.spi;

import dev.resilience.circuitbreaker.CircuitBreaker;

import java.util.Objects;

/**
 * One period of a circuit breaker's life: the state it is in, since when, for how long at most, and the
 * window (and, in HALF_OPEN, the trial permits) that calls admitted in this period record into.
 *
 * <p>Immutable: every transition creates a new {@code CircuitState} with a larger {@link #epoch()}, and a
 * {@link CircuitBreakerStore} swaps it in by compare-and-set, so each period is decided exactly once. The
 * window and permits it refers to are themselves concurrent objects.
 *
 * @since 0.1.0
 */
public final class CircuitState {

    /** {@link #periodNanos()} of a state that lasts until something moves it on. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private final CircuitBreaker.State state;
    private final long epoch;
    private final long sinceNanos;
    private final long periodNanos;
    private final SlidingWindow window;
    private final Permits permits;
    private final String origin;

    /**
     * @param state the state
     * @param epoch one more than the previous period's epoch
     * @param sinceNanos the ticker time the period started
     * @param periodNanos how long it lasts before the next automatic step (OPEN: the wait; HALF_OPEN: the
     *        maximum wait for trial calls), or {@link #UNLIMITED}
     * @param window the window calls of this period record into (OPEN and FORCED_OPEN keep the previous one)
     * @param permits the trial permits in HALF_OPEN, {@code null} in every other state
     */
    public CircuitState(CircuitBreaker.State state, long epoch, long sinceNanos, long periodNanos,
            SlidingWindow window, Permits permits) {
        this(state, epoch, sinceNanos, periodNanos, window, permits, null);
    }

    /**
     * A period started by a known application instance: a shared store builds these for states it adopts from
     * the store, so that the transition's event can say which instance made it.
     *
     * @param origin the id of the instance that started the period, or {@code null} when it is this one or
     *        unknown
     * @see #CircuitState(CircuitBreaker.State, long, long, long, SlidingWindow, Permits)
     */
    public CircuitState(CircuitBreaker.State state, long epoch, long sinceNanos, long periodNanos,
            SlidingWindow window, Permits permits, String origin) {
        this.origin = origin;
        this.state = Objects.requireNonNull(state, "state");
        this.epoch = epoch;
        this.sinceNanos = sinceNanos;
        this.periodNanos = periodNanos;
        this.window = Objects.requireNonNull(window, "window");
        if ((state == CircuitBreaker.State.HALF_OPEN) != (permits != null)) {
            throw new IllegalArgumentException("permits are required in HALF_OPEN and only there");
        }
        this.permits = permits;
    }

    /** The state of this period. */
    public CircuitBreaker.State state() {
        return state;
    }

    /** The period's sequence number: strictly increasing from one period to the next. */
    public long epoch() {
        return epoch;
    }

    /** The ticker time at which this period started. */
    public long sinceNanos() {
        return sinceNanos;
    }

    /** The period's length, or {@link #UNLIMITED}. */
    public long periodNanos() {
        return periodNanos;
    }

    /** Whether the period's length has passed at ticker time {@code nowNanos} (overflow-safe). */
    public boolean hasElapsed(long nowNanos) {
        return periodNanos != UNLIMITED && nowNanos - sinceNanos >= periodNanos;
    }

    /** The window this period's calls record into. */
    public SlidingWindow window() {
        return window;
    }

    /** The trial permits in HALF_OPEN; {@code null} in every other state. */
    public Permits permits() {
        return permits;
    }

    /**
     * The id of the application instance that started this period, for a state adopted from a shared store;
     * {@code null} when this instance started it (or the store does not know).
     */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "CircuitState[" + state + ", epoch=" + epoch + ", since=" + sinceNanos
                + (periodNanos == UNLIMITED ? "" : ", period=" + periodNanos + "ns")
                + (origin == null ? "" : ", origin=" + origin) + "]";
    }
}
