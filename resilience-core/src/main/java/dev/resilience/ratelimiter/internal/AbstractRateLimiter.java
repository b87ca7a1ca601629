package dev.resilience.ratelimiter.internal;

import dev.resilience.core.internal.DurationFormat;
import dev.resilience.core.gate.Deferral;
import dev.resilience.core.gate.Gate;
import dev.resilience.core.gate.GateCall;
import dev.resilience.core.gate.ScheduledDeferral;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.ratelimiter.spi.Acquisition;
import dev.resilience.ratelimiter.spi.RateLimiterStore;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;

/**
 * Everything a rate limiter does around its store: argument checks, listeners, waiting, rejections, and the
 * {@link Gate} hooks. Subclasses say where the store is and how a decision is made
 * ({@link #decide}). The object is its own {@link RateLimiter.Metrics}, so {@link #metrics()} allocates
 * nothing. Thread-safe.
 */
abstract class AbstractRateLimiter extends Gate<Object, RateLimiterListener>
        implements RateLimiter, RateLimiter.Metrics {

    private static final AtomicIntegerFieldUpdater<AbstractRateLimiter> WAITING =
            AtomicIntegerFieldUpdater.newUpdater(AbstractRateLimiter.class, "waitingThreads");

    final Shared shared;
    /** Threads parked in {@link #await}; updated through {@link #WAITING}. */
    private volatile int waitingThreads;

    AbstractRateLimiter(Shared shared) {
        super(shared.name, shared.listeners, RateLimiterListener::events);
        this.shared = shared;
    }

    /** The store that holds this limiter's state. */
    abstract RateLimiterStore store();

    /** Asks the store; see {@link RateLimiterStore#acquire(int, long)}. */
    long decide(int permits, long timeoutNanos) {
        return store().acquire(permits, timeoutNanos);
    }

    @Override
    public RateLimiterConfig config() {
        return shared.settings.config;
    }

    @Override
    public boolean tryAcquirePermission() {
        return tryAcquire(shared.settings, 1);
    }

    @Override
    public boolean tryAcquirePermission(int permits) {
        return tryAcquire(checked(permits), permits);
    }

    private boolean tryAcquire(Settings settings, int permits) {
        // With no wait allowed, a grant is always a grant for now.
        if (Acquisition.isGranted(decide(permits, 0L))) {
            shared.permitted(this, permits);
            return true;
        }
        shared.rejected(this, permits);
        return false;
    }

    @Override
    public void acquirePermission() {
        acquire(shared.settings, 1);
    }

    @Override
    public void acquirePermission(int permits) {
        acquire(checked(permits), permits);
    }

    private void acquire(Settings settings, int permits) {
        long decision = decide(permits, settings.timeoutNanos);
        if (decision == 0L) {
            shared.permitted(this, permits);
            return;
        }
        if (!Acquisition.isGranted(decision)) {
            shared.rejected(this, permits);
            throw exceeded(settings, permits, Acquisition.retryAfterNanos(decision));
        }
        shared.permitted(this, permits);
        await(settings, decision);
    }

    /** Parks until {@code nanos} have passed on the ticker; a spurious or test wake-up just re-checks the ticker. */
    private void await(Settings settings, long nanos) {
        long deadline = settings.ticker.read() + nanos;
        WAITING.incrementAndGet(this);
        try {
            long remaining = nanos;
            while (remaining > 0) {
                LockSupport.parkNanos(this, remaining);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    long left = Math.max(0L, deadline - settings.ticker.read());
                    throw new RateLimitExceededException(shared.name, "Interrupted while waiting "
                            + DurationFormat.formatWait(left) + " for a permit of rate limiter '" + shared.name + "'",
                            Duration.ofNanos(left), new InterruptedException(),
                            settings.config.writableStackTraceEnabled());
                }
                remaining = deadline - settings.ticker.read();
            }
        } finally {
            WAITING.decrementAndGet(this);
        }
    }

    @Override
    public long reservePermission() {
        return reserve(shared.settings, 1);
    }

    @Override
    public long reservePermission(int permits) {
        return reserve(checked(permits), permits);
    }

    private long reserve(Settings settings, int permits) {
        long decision = decide(permits, settings.timeoutNanos);
        if (Acquisition.isGranted(decision)) {
            shared.permitted(this, permits);
            return decision;
        }
        shared.rejected(this, permits);
        return -1L;
    }

    // Gate hooks. A rate limiter takes its permit for good and does not track outcomes: every admitted call runs
    // unobserved (a null permit), so the gate adds nothing to it; only a call that waits for a later period
    // (asynchronously) is deferred.

    @Override
    protected Object acquire() {
        acquire(shared.settings, 1);
        return null;
    }

    @Override
    protected Object acquireAsync() {
        Settings settings = shared.settings;
        long decision = decide(1, settings.timeoutNanos);
        if (!Acquisition.isGranted(decision)) {
            shared.rejected(this, 1);
            throw exceeded(settings, 1, Acquisition.retryAfterNanos(decision));
        }
        shared.permitted(this, 1);
        return decision == 0L ? null : new Delay(decision);
    }

    /**
     * Starts the call on the scheduler when its permit's period begins; no thread waits meanwhile. Cancelling
     * the returned stage first cancels the scheduled start; cancelling it later cancels the call's own stage.
     */
    @Override
    protected void enqueue(GateCall<Object, ?> waiting, Deferral deferral) {
        Delay delay = (Delay) deferral;
        delay.schedule(waiting, shared.settings.config.scheduler(), delay.nanos);
    }

    @Override
    protected void leftQueue(GateCall<Object, ?> waiting) {
        ((Delay) waiting.deferral()).cancel();
    }

    /** An asynchronous call granted a permit of a later period: its scheduled start, unobserved. */
    private static final class Delay extends ScheduledDeferral<Object> {
        final long nanos;

        Delay(long nanos) {
            this.nanos = nanos;
        }

        @Override
        protected void timeUp(GateCall<Object, ?> waiting) {
            waiting.admit(null);
        }
    }

    RateLimitExceededException exceeded(Settings settings, int permits, long retryAfterNanos) {
        String message = "Rate limit of '" + shared.name + "' exceeded (" + settings.description + ")"
                + (permits == 1 ? "" : " for " + permits + " permits")
                + "; retry after " + DurationFormat.formatWait(retryAfterNanos);
        return new RateLimitExceededException(shared.name, message, Duration.ofNanos(retryAfterNanos), null,
                settings.config.writableStackTraceEnabled());
    }

    /** The current settings, once {@code permits} is known to fit them. */
    private Settings checked(int permits) {
        Settings settings = shared.settings;
        checkPermits(settings, permits);
        return settings;
    }

    private void checkPermits(Settings settings, int permits) {
        if (permits < 1 || permits > settings.limitForPeriod) {
            throw new IllegalArgumentException("Cannot acquire " + permits + " permits at once from rate limiter '"
                    + shared.name + "': must be between 1 and limit-for-period (" + settings.limitForPeriod + ")");
        }
    }

    @Override
    public Metrics metrics() {
        return this;
    }

    @Override
    public int availablePermissions() {
        return store().availablePermissions();
    }

    @Override
    public int numberOfWaitingThreads() {
        return waitingThreads;
    }

    @Override
    public dev.resilience.store.StoreInfo storeInfo() {
        return store().info();
    }
}
