package dev.resilience.circuitbreaker.internal;

import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.ResultRecordedAsFailureException;
import dev.resilience.circuitbreaker.spi.CircuitBreakerStore;
import dev.resilience.circuitbreaker.spi.CircuitState;
import dev.resilience.circuitbreaker.spi.SlidingWindow;
import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.ExceptionClassifier;
import dev.resilience.core.Exceptions;
import dev.resilience.core.Stages;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

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
 * The wrapping paths capture the period that admitted the call and record the outcome into that period's
 * window, so late outcomes never leak into a later period's decision. The path for a successful call in
 * CLOSED state is: one volatile read of the settings and one of the state, two ticker reads, the call, one
 * window update (usually a single atomic operation), one volatile read of the listener array. Nothing is
 * allocated.
 *
 * <h2>Time</h2>
 * OPEN ends lazily, on the first permission request after its wait; optionally also by one task on the
 * configured scheduler per open period. HALF_OPEN's maximum wait is checked on each permission request and,
 * when set, by one scheduled task. The {@link #timer} field keeps the pending task of the newest period so
 * that a transition cancels its predecessor's task and a stale transition can never cancel a newer one.
 */
public final class CircuitBreakerImpl implements CircuitBreaker {

    private final String name;
    private final CircuitBreakerStore store;
    private final ListenerList<CircuitBreakerListener> listeners = new ListenerList<>(CircuitBreakerListener.class);
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

    /**
     * Creates the breaker and its store; starts CLOSED unless the store already holds a state.
     *
     * @throws NullPointerException when {@code name} or {@code config} is {@code null}, or the store factory
     *         returns {@code null}
     */
    public CircuitBreakerImpl(String name, CircuitBreakerConfig config) {
        this.name = Objects.requireNonNull(name, "name");
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
    }

    @Override
    public String name() {
        return name;
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
    // Wrapping paths. Policy's default executeSupplier/executeCallable/executeRunnable/decorateFunction adapt
    // their argument with a capturing lambda (one allocation per call) before calling execute(); these
    // overrides run the same steps directly on the argument so a successful call allocates nothing.
    // ------------------------------------------------------------------------------------------------------

    @Override
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        Settings s = settings;
        CircuitState admitted = store.state();
        if (admitted.state() != CLOSED) {
            admitted = acquire(admitted, s, true);
            if (admitted.state() == DISABLED) {
                return next.proceed(call);
            }
        }
        long start = s.ticker.read();
        T result;
        try {
            result = next.proceed(call);
        } catch (Throwable error) {
            throw completedExceptionally(admitted, s, start, error);
        }
        completed(admitted, s, start, result);
        return result;
    }

    @Override
    public <T> T executeSupplier(Supplier<T> supplier) {
        Settings s = settings;
        CircuitState admitted = store.state();
        if (admitted.state() != CLOSED) {
            admitted = acquire(admitted, s, true);
            if (admitted.state() == DISABLED) {
                return supplier.get();
            }
        }
        long start = s.ticker.read();
        T result;
        try {
            result = supplier.get();
        } catch (Throwable error) {
            throw Exceptions.rethrow(completedExceptionally(admitted, s, start, error));
        }
        completed(admitted, s, start, result);
        return result;
    }

    @Override
    public <T> T executeCallable(Callable<T> callable) throws Exception {
        Settings s = settings;
        CircuitState admitted = store.state();
        if (admitted.state() != CLOSED) {
            admitted = acquire(admitted, s, true);
            if (admitted.state() == DISABLED) {
                return callable.call();
            }
        }
        long start = s.ticker.read();
        T result;
        try {
            result = callable.call();
        } catch (Throwable error) {
            throw Exceptions.rethrow(completedExceptionally(admitted, s, start, error));
        }
        completed(admitted, s, start, result);
        return result;
    }

    @Override
    public void executeRunnable(Runnable runnable) {
        Settings s = settings;
        CircuitState admitted = store.state();
        if (admitted.state() != CLOSED) {
            admitted = acquire(admitted, s, true);
            if (admitted.state() == DISABLED) {
                runnable.run();
                return;
            }
        }
        long start = s.ticker.read();
        try {
            runnable.run();
        } catch (Throwable error) {
            throw Exceptions.rethrow(completedExceptionally(admitted, s, start, error));
        }
        completed(admitted, s, start, null);
    }

    @Override
    public <T, R> Function<T, R> decorateFunction(Function<T, R> function) {
        Objects.requireNonNull(function, "function");
        return input -> apply(function, input);
    }

    private <T, R> R apply(Function<T, R> function, T input) {
        Settings s = settings;
        CircuitState admitted = store.state();
        if (admitted.state() != CLOSED) {
            admitted = acquire(admitted, s, true);
            if (admitted.state() == DISABLED) {
                return function.apply(input);
            }
        }
        long start = s.ticker.read();
        R result;
        try {
            result = function.apply(input);
        } catch (Throwable error) {
            throw Exceptions.rethrow(completedExceptionally(admitted, s, start, error));
        }
        completed(admitted, s, start, result);
        return result;
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        Settings s = settings;
        CircuitState current = store.state();
        if (current.state() != CLOSED) {
            try {
                current = acquire(current, s, true);
            } catch (CallNotPermittedException rejected) {
                return Stages.failed(rejected);
            }
            if (current.state() == DISABLED) {
                return next.proceed(call);
            }
        }
        CircuitState admitted = current;
        long start = s.ticker.read();
        CompletionStage<T> stage;
        try {
            stage = next.proceed(call);
            if (stage == null) {
                throw new NullPointerException("The call returned a null CompletionStage");
            }
        } catch (Throwable error) {
            return Stages.failed(completedExceptionally(admitted, s, start, error));
        }
        CompletableFuture<T> promise = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            Throwable outcome = error;
            try {
                if (error == null) {
                    completed(admitted, s, start, value);
                } else {
                    Throwable cause = Stages.unwrap(error);
                    Throwable thrown = completedExceptionally(admitted, s, start, cause);
                    if (thrown != cause) {
                        outcome = thrown;
                    }
                }
            } catch (Throwable predicateFailure) {
                outcome = predicateFailure;
            }
            // Completing a promise of our own (rather than returning stage.whenComplete(...)) keeps the
            // failure exactly as the call produced it, without an added CompletionException layer.
            if (outcome == null) {
                promise.complete(value);
            } else {
                promise.completeExceptionally(outcome);
            }
        });
        return promise;
    }

    // ------------------------------------------------------------------------------------------------------
    // Low-level API
    // ------------------------------------------------------------------------------------------------------

    @Override
    public boolean tryAcquirePermission() {
        CircuitState current = store.state();
        return current.state() == CLOSED || acquire(current, settings, false) != null;
    }

    @Override
    public void acquirePermission() {
        CircuitState current = store.state();
        if (current.state() != CLOSED) {
            acquire(current, settings, true);
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
    private CircuitState acquire(CircuitState current, Settings s, boolean throwing) {
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
        CircuitBreakerListener[] ls = listeners.get();
        for (CircuitBreakerListener listener : ls) {
            try {
                listener.onNotPermitted(this);
            } catch (Throwable t) {
                listenerFailed(listener, t);
            }
        }
        if (throwing) {
            throw rejection(current.state(), s);
        }
        return null;
    }

    private CallNotPermittedException rejection(State state, Settings s) {
        if (s.writableStackTrace) {
            return new CallNotPermittedException(name, state, true);
        }
        switch (state) {
            case OPEN:
                return rejectedOpen;
            case FORCED_OPEN:
                return rejectedForcedOpen;
            case HALF_OPEN:
                return rejectedHalfOpen;
            default:
                return new CallNotPermittedException(name, state, false);
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Outcomes
    // ------------------------------------------------------------------------------------------------------

    private void completed(CircuitState admitted, Settings s, long start, Object result) {
        long now = s.ticker.read();
        resultArrived(admitted, s, now, now - start, result);
    }

    /** Records a failed call; returns what the caller must see (the error, or a predicate's failure). */
    private Throwable completedExceptionally(CircuitState admitted, Settings s, long start, Throwable error) {
        long now = s.ticker.read();
        return errorArrived(admitted, s, now, now - start, error);
    }

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
            if (predicateFailure != error) {
                predicateFailure.addSuppressed(error);
            }
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
        for (CircuitBreakerListener listener : listeners.get()) {
            try {
                listener.onIgnoredError(this, duration, error);
            } catch (Throwable t) {
                listenerFailed(listener, t);
            }
        }
    }

    /**
     * Records one outcome into {@code period}'s window, tells listeners, then acts on the rates if the
     * outcome changed them.
     *
     * @param error the failure to report, or {@code null} with {@code badResult} for a result recorded as a
     *        failure
     */
    private void record(CircuitState period, Settings s, long now, long duration, boolean failure,
            Throwable error, Object badResult) {
        boolean slow = duration >= s.slowCallDurationNanos;
        int outcome = (failure ? SlidingWindow.FAILURE : SlidingWindow.SUCCESS) | (slow ? SlidingWindow.SLOW : 0);
        long rates = period.window().record(outcome, now);
        CircuitBreakerListener[] ls = listeners.get();
        if (ls.length != 0) {
            if (failure) {
                notifyError(ls, duration, error != null ? error : new ResultRecordedAsFailureException(name, badResult));
            } else {
                notifySuccess(ls, duration);
            }
            if (slow) {
                notifySlowCall(ls, duration);
            }
        }
        if (rates != SlidingWindow.NO_RATES) {
            evaluate(period, s, rates, now);
        }
    }

    private void evaluate(CircuitState period, Settings s, long rates, long now) {
        float failureRate = SlidingWindow.failureRate(rates);
        float slowCallRate = SlidingWindow.slowCallRate(rates);
        boolean failureExceeded = failureRate >= s.failureRateThreshold;
        boolean slowExceeded = slowCallRate >= s.slowCallRateThreshold;
        switch (period.state()) {
            case CLOSED:
                if (failureExceeded || slowExceeded) {
                    CircuitState next = open(period, s, now);
                    if (store.compareAndSet(period, next)) {
                        notifyExceeded(failureExceeded, failureRate, slowExceeded, slowCallRate);
                        transitioned(period, next, s);
                    }
                }
                break;
            case HALF_OPEN: {
                // The trial window reports rates only once every permitted call has reported: decide now.
                boolean reopen = failureExceeded || slowExceeded;
                CircuitState next = reopen ? open(period, s, now) : closed(period, s, now);
                if (store.compareAndSet(period, next)) {
                    if (reopen) {
                        notifyExceeded(failureExceeded, failureRate, slowExceeded, slowCallRate);
                    }
                    transitioned(period, next, s);
                }
                break;
            }
            case METRICS_ONLY:
                if (failureExceeded || slowExceeded) {
                    long reported = exceededReportedEpoch.get();
                    if (reported != period.epoch() && exceededReportedEpoch.compareAndSet(reported, period.epoch())) {
                        notifyExceeded(failureExceeded, failureRate, slowExceeded, slowCallRate);
                    }
                }
                break;
            default:
                // OPEN, FORCED_OPEN: a late outcome only updates the frozen window; it decides nothing.
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
        if (to.state() == CLOSED) {
            notPermitted.reset();
        }
        schedule(to, s);
        for (CircuitBreakerListener listener : listeners.get()) {
            try {
                listener.onStateTransition(this, from.state(), to.state());
            } catch (Throwable t) {
                listenerFailed(listener, t);
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
                notPermitted.reset();
                schedule(next, s);
                CircuitBreakerListener[] ls = listeners.get();
                for (CircuitBreakerListener listener : ls) {
                    try {
                        if (current.state() != CLOSED) {
                            listener.onStateTransition(this, current.state(), CLOSED);
                        }
                    } catch (Throwable t) {
                        listenerFailed(listener, t);
                    }
                }
                for (CircuitBreakerListener listener : ls) {
                    try {
                        listener.onReset(this);
                    } catch (Throwable t) {
                        listenerFailed(listener, t);
                    }
                }
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
                    "CircuitBreaker '" + name + "' could not schedule its automatic transition", e);
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

    // ------------------------------------------------------------------------------------------------------
    // Listeners
    // ------------------------------------------------------------------------------------------------------

    @Override
    public void addListener(CircuitBreakerListener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean removeListener(CircuitBreakerListener listener) {
        return listeners.remove(listener);
    }

    @Override
    public CircuitBreakerListener onEvent(EventConsumer consumer) {
        CircuitBreakerListener adapter = CircuitBreakerListener.events(consumer);
        listeners.add(adapter);
        return adapter;
    }

    private void notifySuccess(CircuitBreakerListener[] ls, long duration) {
        for (CircuitBreakerListener listener : ls) {
            try {
                listener.onSuccess(this, duration);
            } catch (Throwable t) {
                listenerFailed(listener, t);
            }
        }
    }

    private void notifyError(CircuitBreakerListener[] ls, long duration, Throwable error) {
        for (CircuitBreakerListener listener : ls) {
            try {
                listener.onError(this, duration, error);
            } catch (Throwable t) {
                listenerFailed(listener, t);
            }
        }
    }

    private void notifySlowCall(CircuitBreakerListener[] ls, long duration) {
        for (CircuitBreakerListener listener : ls) {
            try {
                listener.onSlowCall(this, duration);
            } catch (Throwable t) {
                listenerFailed(listener, t);
            }
        }
    }

    private void notifyExceeded(boolean failureExceeded, float failureRate, boolean slowExceeded, float slowCallRate) {
        CircuitBreakerListener[] ls = listeners.get();
        if (failureExceeded) {
            for (CircuitBreakerListener listener : ls) {
                try {
                    listener.onFailureRateExceeded(this, failureRate);
                } catch (Throwable t) {
                    listenerFailed(listener, t);
                }
            }
        }
        if (slowExceeded) {
            for (CircuitBreakerListener listener : ls) {
                try {
                    listener.onSlowCallRateExceeded(this, slowCallRate);
                } catch (Throwable t) {
                    listenerFailed(listener, t);
                }
            }
        }
    }

    private static void listenerFailed(CircuitBreakerListener listener, Throwable failure) {
        if (failure instanceof VirtualMachineError) {
            throw (VirtualMachineError) failure;
        }
        ListenerList.failed(listener, failure);
    }

    @Override
    public String toString() {
        return "CircuitBreaker '" + name + "' (" + state() + ")";
    }
}
