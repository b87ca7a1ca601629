package dev.resilience.circuitbreaker.internal;

import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.ResultRecordedAsFailureException;
import dev.resilience.circuitbreaker.spi.CircuitBreakerStore;
import dev.resilience.circuitbreaker.spi.CircuitState;
import dev.resilience.circuitbreaker.spi.SlidingWindow;
import dev.resilience.core.ExceptionClassifier;
import dev.resilience.core.Exceptions;
import dev.resilience.core.gate.Gate;
import dev.resilience.core.event.ListenerList;
import dev.resilience.core.event.ListenerList.Notification;
import dev.resilience.store.StoreInfo;

import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import static dev.resilience.circuitbreaker.CircuitBreaker.State.CLOSED;
import static dev.resilience.circuitbreaker.CircuitBreaker.State.DISABLED;
import static dev.resilience.circuitbreaker.CircuitBreaker.State.FORCED_OPEN;
import static dev.resilience.circuitbreaker.CircuitBreaker.State.HALF_OPEN;
import static dev.resilience.circuitbreaker.CircuitBreaker.State.METRICS_ONLY;
import static dev.resilience.circuitbreaker.CircuitBreaker.State.OPEN;
import static dev.resilience.circuitbreaker.spi.CircuitState.UNLIMITED;

/**
 * The circuit breaker's state machine.
 *
 * <h2>State</h2>
 * Everything that decides admission lives in the {@link CircuitBreakerStore}: one immutable
 * {@link CircuitState} per period (state, epoch, start, length, window, trial permits), swapped by
 * compare-and-set. A transition builds the next period's state, CASes it in, and only then, outside any
 * update function or lock, schedules follow-up work and notifies listeners. The CAS from the exact object a
 * decision was based on makes each period end exactly once: when many calls see the same threshold crossing,
 * one wins and the others do nothing.
 *
 * <h2>Calls</h2>
 * The breaker is a {@link Gate}: its hooks say how a call is admitted and what its outcome does, and the gate
 * runs the synchronous, asynchronous and cancellation paths around them. The period that admitted a call is
 * its permit: the gate hands it back with the outcome, which goes into that period's window, so late outcomes
 * never leak into a later period's decision. The path for a successful call in CLOSED state is: one volatile
 * read of the state, a ticker reading before and after the call (each through a volatile read of the
 * settings, so the hooks need no per-call object), the call, one
 * window update (usually a single atomic operation), one volatile read of the listener array. Nothing is
 * allocated.
 *
 * <h2>Listeners</h2>
 * Listeners hear of an outcome or a transition only once the state machine has acted on it: the outcome is in
 * the window, the resulting transition (if any) is published and its follow-up work scheduled. So a listener
 * that throws (anything, see {@link ListenerList}) or blocks can neither leave a half-open trial undecided nor
 * hold a decision up for the other callers, and it never changes what the caller gets.
 *
 * <h2>Time</h2>
 * OPEN ends lazily, on the first permission request after its wait; optionally also by one task on the
 * configured scheduler per open period. HALF_OPEN's maximum wait is checked on each permission request and,
 * when set, by one scheduled task. The {@link #timer} field keeps the pending task of the newest period so
 * that a transition cancels its predecessor's task and a stale transition can never cancel a newer one.
 */
public final class DefaultCircuitBreaker extends Gate<CircuitState, CircuitBreakerListener> implements CircuitBreaker {

    private static final State[] STATES = State.values();

    // The listener callbacks, as constants so that notifying allocates nothing (see ListenerList.deliver).
    private static final Notification<CircuitBreakerListener, CircuitBreaker> SUCCESS =
            (listener, cb, duration, unused, none) -> listener.onSuccess(cb, duration);
    private static final Notification<CircuitBreakerListener, CircuitBreaker> ERROR =
            (listener, cb, duration, unused, error) -> listener.onError(cb, duration, (Throwable) error);
    private static final Notification<CircuitBreakerListener, CircuitBreaker> IGNORED_ERROR =
            (listener, cb, duration, unused, error) -> listener.onIgnoredError(cb, duration, (Throwable) error);
    private static final Notification<CircuitBreakerListener, CircuitBreaker> SLOW_CALL =
            (listener, cb, duration, unused, none) -> listener.onSlowCall(cb, duration);
    private static final Notification<CircuitBreakerListener, CircuitBreaker> NOT_PERMITTED =
            (listener, cb, unused, unusedToo, none) -> listener.onNotPermitted(cb);
    private static final Notification<CircuitBreakerListener, CircuitBreaker> TRANSITION =
            (listener, cb, from, to, origin) -> listener.onStateTransition(cb, STATES[(int) from], STATES[(int) to],
                    (String) origin);
    private static final Notification<CircuitBreakerListener, CircuitBreaker> RESET =
            (listener, cb, unused, unusedToo, none) -> listener.onReset(cb);
    /** The rate travels as its float bits, so it is never boxed. */
    private static final Notification<CircuitBreakerListener, CircuitBreaker> FAILURE_RATE_EXCEEDED =
            (listener, cb, rateBits, unused, none) -> listener.onFailureRateExceeded(cb,
                    Float.intBitsToFloat((int) rateBits));
    private static final Notification<CircuitBreakerListener, CircuitBreaker> SLOW_CALL_RATE_EXCEEDED =
            (listener, cb, rateBits, unused, none) -> listener.onSlowCallRateExceeded(cb,
                    Float.intBitsToFloat((int) rateBits));

    private final CircuitBreakerStore store;
    private final ListenerList<CircuitBreakerListener> listeners;
    /**
     * Rejected calls since this instance last entered CLOSED. A LongAdder: rejections come in bulk from many
     * threads at once exactly when a downstream is down, and one shared counter would make them contend.
     */
    private final LongAdder notPermitted = new LongAdder();
    /** The METRICS_ONLY epoch whose threshold crossing was reported, so it is reported once per period. */
    private final AtomicLong exceededReportedEpoch = new AtomicLong(Long.MIN_VALUE);
    private final AtomicReference<Timer> timer = new AtomicReference<>();
    /** The rejections thrown when stack traces are off: one per rejecting state, so rejecting allocates nothing. */
    private final CallNotPermittedException rejectedOpen;
    private final CallNotPermittedException rejectedForcedOpen;
    private final CallNotPermittedException rejectedHalfOpen;
    private volatile Settings settings;
    /** This instance's id in a shared store, reported with transitions; {@code null} for a local store. */
    private final String instanceId;

    /**
     * Creates the breaker and its store; starts CLOSED unless the store already holds a state.
     *
     * @throws NullPointerException when {@code name} or {@code config} is {@code null}, or the store factory
     *         returns {@code null}
     */
    public DefaultCircuitBreaker(String name, CircuitBreakerConfig config) {
        super(name, new ListenerList<>(CircuitBreakerListener.class), CircuitBreakerListener::events);
        this.listeners = listeners();
        this.rejectedOpen = CallNotPermittedException.shared(name, OPEN);
        this.rejectedForcedOpen = CallNotPermittedException.shared(name, FORCED_OPEN);
        this.rejectedHalfOpen = CallNotPermittedException.shared(name, HALF_OPEN);
        Settings s = new Settings(Objects.requireNonNull(config, "config"));
        this.settings = s;
        CircuitBreakerStore created = config.storeFactory().create(name, config);
        this.store = Objects.requireNonNull(created, "the store factory returned null");
        if (store.state() == null) {
            // A shared store may already hold a state written by another instance: then we adopt it.
            store.compareAndSet(null, new CircuitState(CLOSED, 0, s.ticker.read(), UNLIMITED, newWindow(s), null));
        }
        StoreInfo info = store.info();
        this.instanceId = info.isShared() ? info.instanceId() : null;
        store.bind(new StoreObserver());
    }

    @Override
    public StoreInfo storeInfo() {
        return store.info();
    }

    @Override
    public CircuitBreakerConfig config() {
        return settings.config;
    }

    @Override
    public State state() {
        return store.state().state();
    }

    @Override
    public Metrics metrics() {
        CircuitState current = store.state();
        return new MetricsSnapshot(current.window().snapshot(settings.ticker.read()), notPermitted.sum());
    }

    @Override
    public synchronized void reconfigure(CircuitBreakerConfig config) {
        Settings previous = settings;
        Settings next = new Settings(Objects.requireNonNull(config, "config"));
        settings = next;
        if (next.sameWindowAs(previous)) {
            return;
        }
        // A window of another shape starts empty; OPEN, HALF_OPEN and the other manual states pick the new
        // shape up when they next create a window.
        for (;;) {
            CircuitState current = store.state();
            if (current.state() != CLOSED && current.state() != METRICS_ONLY) {
                return;
            }
            CircuitState replacement = new CircuitState(current.state(), current.epoch() + 1, current.sinceNanos(),
                    UNLIMITED, newWindow(next), null);
            if (store.compareAndSet(current, replacement)) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Gate hooks: the sync, async, cancel and Error paths around them are Gate's. A call is admitted by the
    // period it ran in (its permit), and its outcome goes into that period's window.
    // ------------------------------------------------------------------------------------------------------

    /** Admits a call in the current period; CLOSED (the common case) is one volatile read. */
    @Override
    protected CircuitState acquire() {
        CircuitState admitted = store.state();
        if (admitted.state() != CLOSED) {
            admitted = admit(admitted, settings, true);
            if (admitted.state() == DISABLED) {
                return null; // runs unobserved: nothing is recorded
            }
        }
        return admitted;
    }

    @Override
    protected long clock() {
        return settings.ticker.read();
    }

    @Override
    protected void onSuccess(CircuitState admitted, long durationNanos, long endNanos, Object result) {
        resultArrived(admitted, settings, endNanos, durationNanos, result);
    }

    @Override
    protected Throwable onFailure(CircuitState admitted, long durationNanos, long endNanos, Throwable failure) {
        return errorArrived(admitted, settings, endNanos, durationNanos, failure);
    }

    /** A call the caller cancelled: nothing is recorded; a half-open trial permit is given back. */
    @Override
    protected void onCancelled(CircuitState period) {
        if (period.state() == HALF_OPEN) {
            period.permits().release();
        }
    }


    // ------------------------------------------------------------------------------------------------------
    // Low-level API
    // ------------------------------------------------------------------------------------------------------

    @Override
    public boolean tryAcquirePermission() {
        CircuitState current = store.state();
        return current.state() == CLOSED || admit(current, settings, false) != null;
    }

    @Override
    public void acquirePermission() {
        CircuitState current = store.state();
        if (current.state() != CLOSED) {
            admit(current, settings, true);
        }
    }

    @Override
    public void releasePermission() {
        CircuitState current = store.state();
        if (current.state() == HALF_OPEN) {
            current.permits().release();
        }
    }

    @Override
    public void onSuccess(long durationNanos) {
        CircuitState current = store.state();
        if (current.state() != DISABLED) {
            Settings s = settings;
            record(current, s, s.ticker.read(), durationNanos, false, null, null);
        }
    }

    @Override
    public void onResult(long durationNanos, Object result) {
        CircuitState current = store.state();
        if (current.state() != DISABLED) {
            Settings s = settings;
            resultArrived(current, s, s.ticker.read(), durationNanos, result);
        }
    }

    @Override
    public void onError(long durationNanos, Throwable error) {
        Objects.requireNonNull(error, "error");
        CircuitState current = store.state();
        if (current.state() != DISABLED) {
            Settings s = settings;
            Throwable thrown = errorArrived(current, s, s.ticker.read(), durationNanos, error);
            if (thrown != error) {
                throw Exceptions.rethrow(thrown);
            }
        }
    }

    @Override
    public long currentTimeNanos() {
        return settings.ticker.read();
    }

    // ------------------------------------------------------------------------------------------------------
    // Admission
    // ------------------------------------------------------------------------------------------------------

    /**
     * Admits a call in {@code current} (any state but CLOSED, which callers short-cut), moving OPEN to
     * HALF_OPEN or HALF_OPEN back to OPEN when their time is up.
     *
     * @return the period that admitted the call; on rejection {@code null}, or a thrown exception when
     *         {@code throwing}
     */
    private CircuitState admit(CircuitState current, Settings s, boolean throwing) {
        for (;;) {
            switch (current.state()) {
                case CLOSED:
                case METRICS_ONLY:
                case DISABLED:
                    return current;
                case OPEN: {
                    long now = s.ticker.read();
                    if (!current.hasElapsed(now)) {
                        return rejected(current, s, throwing);
                    }
                    CircuitState next = halfOpen(current, s, now);
                    if (store.compareAndSet(current, next)) {
                        transitioned(current, next, s);
                        current = next;
                    } else {
                        current = store.state();
                    }
                    break;
                }
                case HALF_OPEN: {
                    if (current.periodNanos() != UNLIMITED) {
                        long now = s.ticker.read();
                        if (current.hasElapsed(now)) {
                            CircuitState next = open(current, s, now);
                            if (store.compareAndSet(current, next)) {
                                transitioned(current, next, s);
                            }
                            current = store.state();
                            break;
                        }
                    }
                    if (current.permits().tryAcquire()) {
                        return current;
                    }
                    return rejected(current, s, throwing);
                }
                default:
                    return rejected(current, s, throwing);
            }
        }
    }

    private CircuitState rejected(CircuitState current, Settings s, boolean throwing) {
        notPermitted.increment();
        listeners.deliver(NOT_PERMITTED, this);
        if (throwing) {
            throw rejection(current.state(), s);
        }
        return null;
    }

    private CallNotPermittedException rejection(State state, Settings s) {
        if (s.writableStackTrace) {
            return new CallNotPermittedException(name(), state, true);
        }
        switch (state) {
            case OPEN:
                return rejectedOpen;
            case FORCED_OPEN:
                return rejectedForcedOpen;
            case HALF_OPEN:
                return rejectedHalfOpen;
            default:
                return new CallNotPermittedException(name(), state, false);
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Outcomes
    // ------------------------------------------------------------------------------------------------------

    private void resultArrived(CircuitState period, Settings s, long now, long duration, Object result) {
        if (s.resultPredicate != null) {
            boolean failure;
            try {
                failure = s.resultPredicate.test(result);
            } catch (Throwable predicateFailure) {
                // Count the call (a half-open permit must not leak), then let the bug surface.
                record(period, s, now, duration, true, predicateFailure, null);
                throw Exceptions.rethrow(predicateFailure);
            }
            if (failure) {
                record(period, s, now, duration, true, null, result);
                return;
            }
        }
        record(period, s, now, duration, false, null, null);
    }

    private Throwable errorArrived(CircuitState period, Settings s, long now, long duration, Throwable error) {
        ExceptionClassifier.Verdict verdict;
        try {
            verdict = s.classifier.classify(error);
        } catch (Throwable predicateFailure) {
            record(period, s, now, duration, true, error, null);
            Exceptions.addSuppressed(predicateFailure, error);
            return predicateFailure;
        }
        switch (verdict) {
            case IGNORED:
                ignored(period, duration, error);
                break;
            case NOT_RECORDED:
                record(period, s, now, duration, false, null, null);
                break;
            default:
                record(period, s, now, duration, true, error, null);
        }
        return error;
    }

    private void ignored(CircuitState period, long duration, Throwable error) {
        if (period.state() == HALF_OPEN) {
            period.permits().release();
        }
        listeners.deliver(IGNORED_ERROR, this, duration, error);
    }

    /**
     * Records one outcome into {@code period}'s window, acts on the rates if the outcome changed them, and only
     * then tells listeners: first the outcome, then what it decided.
     *
     * @param error the failure to report, or {@code null} with {@code badResult} for a result recorded as a
     *        failure
     */
    private void record(CircuitState period, Settings s, long now, long duration, boolean failure,
            Throwable error, Object badResult) {
        boolean slow = duration >= s.slowCallDurationNanos;
        int outcome = (failure ? SlidingWindow.FAILURE : SlidingWindow.SUCCESS) | (slow ? SlidingWindow.SLOW : 0);
        long rates = period.window().record(outcome, now);
        CircuitState decided = rates == SlidingWindow.NO_RATES ? null : decide(period, s, rates, now);
        if (!listeners.isEmpty()) {
            if (failure) {
                listeners.deliver(ERROR, this, duration,
                        error != null ? error : new ResultRecordedAsFailureException(name(), badResult));
            } else {
                listeners.deliver(SUCCESS, this, duration);
            }
            if (slow) {
                listeners.deliver(SLOW_CALL, this, duration);
            }
        }
        if (decided != null) {
            announce(period, decided, s, rates);
        }
    }

    /**
     * Acts on the rates {@code period}'s window reported: a transition is published (and its follow-up work
     * scheduled) here, before any listener runs.
     *
     * @return the period that followed {@code period} when this call made the transition; {@code period}
     *         itself when a METRICS_ONLY period crossed a threshold for the first time (to be reported, no
     *         transition); {@code null} when there is nothing to tell
     */
    private CircuitState decide(CircuitState period, Settings s, long rates, long now) {
        boolean exceeded = SlidingWindow.failureRate(rates) >= s.failureRateThreshold
                || SlidingWindow.slowCallRate(rates) >= s.slowCallRateThreshold;
        switch (period.state()) {
            case CLOSED:
                if (exceeded) {
                    CircuitState next = open(period, s, now);
                    if (store.compareAndSet(period, next)) {
                        afterTransition(next, s);
                        return next;
                    }
                }
                return null;
            case HALF_OPEN: {
                // The trial window reports rates only once every permitted call has reported: decide now.
                CircuitState next = exceeded ? open(period, s, now) : closed(period, s, now);
                if (store.compareAndSet(period, next)) {
                    afterTransition(next, s);
                    return next;
                }
                return null;
            }
            case METRICS_ONLY:
                if (exceeded) {
                    long reported = exceededReportedEpoch.get();
                    if (reported != period.epoch() && exceededReportedEpoch.compareAndSet(reported, period.epoch())) {
                        return period;
                    }
                }
                return null;
            default:
                // OPEN, FORCED_OPEN: a late outcome only updates the frozen window; it decides nothing.
                return null;
        }
    }

    /** Tells listeners what {@link #decide} did: the crossed thresholds, then the transition. */
    private void announce(CircuitState period, CircuitState decided, Settings s, long rates) {
        if (decided == period || decided.state() == OPEN) {
            float failureRate = SlidingWindow.failureRate(rates);
            float slowCallRate = SlidingWindow.slowCallRate(rates);
            if (failureRate >= s.failureRateThreshold) {
                listeners.deliver(FAILURE_RATE_EXCEEDED, this, Float.floatToRawIntBits(failureRate));
            }
            if (slowCallRate >= s.slowCallRateThreshold) {
                listeners.deliver(SLOW_CALL_RATE_EXCEEDED, this, Float.floatToRawIntBits(slowCallRate));
            }
        }
        if (decided != period) {
            notifyTransition(period, decided);
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Transitions
    // ------------------------------------------------------------------------------------------------------

    private SlidingWindow newWindow(Settings s) {
        return store.newWindow(s.windowType, s.windowSize, s.minimumNumberOfCalls);
    }

    private CircuitState closed(CircuitState from, Settings s, long now) {
        return new CircuitState(CLOSED, from.epoch() + 1, now, UNLIMITED, newWindow(s), null);
    }

    private CircuitState open(CircuitState from, Settings s, long now) {
        // OPEN keeps the window that made it open, frozen, so metrics show why.
        return new CircuitState(OPEN, from.epoch() + 1, now, s.waitInOpenNanos, from.window(), null);
    }

    private CircuitState halfOpen(CircuitState from, Settings s, long now) {
        int permits = s.permittedCallsInHalfOpen;
        return new CircuitState(HALF_OPEN, from.epoch() + 1, now, s.maxWaitInHalfOpenNanos,
                store.newWindow(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, permits, permits),
                store.newPermits(permits));
    }

    private CircuitState manual(CircuitState from, State target, Settings s, long now) {
        switch (target) {
            case CLOSED:
                return closed(from, s, now);
            case OPEN:
                return open(from, s, now);
            case HALF_OPEN:
                return halfOpen(from, s, now);
            case FORCED_OPEN:
                return new CircuitState(FORCED_OPEN, from.epoch() + 1, now, UNLIMITED, from.window(), null);
            default: // DISABLED, METRICS_ONLY
                return new CircuitState(target, from.epoch() + 1, now, UNLIMITED, newWindow(s), null);
        }
    }

    /** After a successful CAS from {@code from} to {@code to}: follow-up work, then listeners. */
    private void transitioned(CircuitState from, CircuitState to, Settings s) {
        afterTransition(to, s);
        notifyTransition(from, to);
    }

    /** What a transition to {@code to} entails besides the CAS, done before anyone is told. */
    private void afterTransition(CircuitState to, Settings s) {
        if (to.state() == CLOSED) {
            notPermitted.reset();
        }
        schedule(to, s);
    }

    private void notifyTransition(CircuitState from, CircuitState to) {
        listeners.deliver(TRANSITION, this, from.state().ordinal(), to.state().ordinal(), origin(to));
    }

    /** The instance that started {@code period}: another one's for an adopted state, else this one's. */
    private String origin(CircuitState period) {
        String origin = period.origin();
        return origin != null ? origin : instanceId;
    }

    /** What a shared store reports: states written by other instances, and fleet-wide rates. */
    private final class StoreObserver implements CircuitBreakerStore.Observer {

        @Override
        public void adopted(CircuitState previous, CircuitState current) {
            transitioned(previous, current, settings);
        }

        @Override
        public void ratesChanged(CircuitState period, long rates) {
            Settings s = settings;
            CircuitState decided = decide(period, s, rates, s.ticker.read());
            if (decided != null) {
                announce(period, decided, s, rates);
            }
        }
    }

    private void transitionManually(State target) {
        Objects.requireNonNull(target, "state");
        Settings s = settings;
        for (;;) {
            CircuitState current = store.state();
            CircuitState next = manual(current, target, s, s.ticker.read());
            if (store.compareAndSet(current, next)) {
                transitioned(current, next, s);
                return;
            }
        }
    }

    @Override
    public void transitionToClosedState() {
        transitionManually(CLOSED);
    }

    @Override
    public void transitionToOpenState() {
        transitionManually(OPEN);
    }

    @Override
    public void transitionToHalfOpenState() {
        transitionManually(HALF_OPEN);
    }

    @Override
    public void transitionToForcedOpenState() {
        transitionManually(FORCED_OPEN);
    }

    @Override
    public void transitionToDisabledState() {
        transitionManually(DISABLED);
    }

    @Override
    public void transitionToMetricsOnlyState() {
        transitionManually(METRICS_ONLY);
    }

    @Override
    public void transitionTo(State state) {
        transitionManually(state);
    }

    @Override
    public void reset() {
        Settings s = settings;
        for (;;) {
            CircuitState current = store.state();
            CircuitState next = closed(current, s, s.ticker.read());
            if (store.compareAndSet(current, next)) {
                afterTransition(next, s);
                if (current.state() != CLOSED) {
                    notifyTransition(current, next);
                }
                listeners.deliver(RESET, this);
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Scheduled transitions
    // ------------------------------------------------------------------------------------------------------

    /** The pending task of the newest period that scheduled or cancelled one. */
    private static final class Timer {
        final long epoch;
        final ScheduledFuture<?> future;

        Timer(long epoch, ScheduledFuture<?> future) {
            this.epoch = epoch;
            this.future = future;
        }
    }

    private void schedule(CircuitState to, Settings s) {
        long delay = -1;
        if (to.state() == OPEN && s.automaticTransition) {
            delay = to.periodNanos();
        } else if (to.state() == HALF_OPEN) {
            delay = to.periodNanos();
        }
        if (delay == UNLIMITED) {
            delay = -1;
        }
        for (;;) {
            Timer pending = timer.get();
            if (pending != null && pending.epoch >= to.epoch()) {
                return; // a newer period already owns the timer
            }
            if (pending == null && delay < 0) {
                return; // nothing pending, nothing to schedule
            }
            ScheduledFuture<?> future = delay < 0 ? null : scheduleTask(to, s, delay);
            if (timer.compareAndSet(pending, new Timer(to.epoch(), future))) {
                if (pending != null && pending.future != null) {
                    pending.future.cancel(false);
                }
                return;
            }
            if (future != null) {
                future.cancel(false);
            }
        }
    }

    private ScheduledFuture<?> scheduleTask(CircuitState period, Settings s, long delayNanos) {
        try {
            return s.config.scheduler().schedule(() -> timeUp(period), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The lazy check on the next permission request still moves the breaker on.
            System.getLogger(CircuitBreaker.class.getName()).log(System.Logger.Level.WARNING,
                    "CircuitBreaker '" + name() + "' could not schedule its automatic transition", e);
            return null;
        }
    }

    /** The scheduled end of {@code period}: OPEN moves to HALF_OPEN, HALF_OPEN back to OPEN. */
    private void timeUp(CircuitState period) {
        if (store.state() != period) {
            return;
        }
        Settings s = settings;
        long now = s.ticker.read();
        CircuitState next = period.state() == OPEN ? halfOpen(period, s, now) : open(period, s, now);
        if (store.compareAndSet(period, next)) {
            transitioned(period, next, s);
        }
    }

    @Override
    public String toString() {
        return "CircuitBreaker '" + name() + "' (" + state() + ")";
    }
}
