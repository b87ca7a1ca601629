package dev.resilience.ratelimiter.internal;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Stages;
import dev.resilience.core.internal.DurationFormat;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.spi.Acquisition;
import dev.resilience.ratelimiter.spi.RateLimiterStore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Everything a rate limiter does around its store: argument checks, listeners, waiting, rejections, and the
 * {@link dev.resilience.core.Policy} primitives. Subclasses say where the store is and how a decision is made
 * ({@link #decide}). The object is its own {@link RateLimiter.Metrics}, so {@link #metrics()} allocates
 * nothing. Thread-safe.
 */
abstract class AbstractRateLimiter implements RateLimiter, RateLimiter.Metrics {

    private static final VarHandle WAITING;

    static {
        try {
            WAITING = MethodHandles.lookup().findVarHandle(AbstractRateLimiter.class, "waitingThreads", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Shared shared;
    @SuppressWarnings("unused") // updated through WAITING
    private volatile int waitingThreads;

    AbstractRateLimiter(Shared shared) {
        this.shared = shared;
    }

    /** The store that holds this limiter's state. */
    abstract RateLimiterStore store();

    /** Asks the store; see {@link RateLimiterStore#acquire(int, long)}. */
    long decide(int permits, long timeoutNanos) {
        return store().acquire(permits, timeoutNanos);
    }

    @Override
    public String name() {
        return shared.name;
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
        Settings settings = shared.settings;
        checkPermits(settings, permits);
        return tryAcquire(settings, permits);
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
        Settings settings = shared.settings;
        checkPermits(settings, permits);
        acquire(settings, permits);
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
        WAITING.getAndAdd(this, 1);
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
            WAITING.getAndAdd(this, -1);
        }
    }

    @Override
    public long reservePermission() {
        return reserve(shared.settings, 1);
    }

    @Override
    public long reservePermission(int permits) {
        Settings settings = shared.settings;
        checkPermits(settings, permits);
        return reserve(settings, permits);
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

    @Override
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        acquire(shared.settings, 1);
        return next.proceed(call);
    }

    /** {@link #execute} for a plain supplier, calling it directly (no adapter, nothing allocated). */
    @Override
    public <T> T executeSupplier(Supplier<T> supplier) {
        acquire(shared.settings, 1);
        return supplier.get();
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        Settings settings = shared.settings;
        long decision;
        try {
            decision = decide(1, settings.timeoutNanos);
        } catch (Throwable storeFailure) {
            return Stages.failed(storeFailure);
        }
        if (!Acquisition.isGranted(decision)) {
            shared.rejected(this, 1);
            return Stages.failed(exceeded(settings, 1, Acquisition.retryAfterNanos(decision)));
        }
        shared.permitted(this, 1);
        if (decision == 0L) {
            return next.proceed(call);
        }
        return startLater(settings, call, next, decision);
    }

    /**
     * Starts the call on the scheduler when its permit's period begins; no thread waits meanwhile. Cancelling
     * the returned stage first cancels the scheduled start; cancelling it later cancels the call's own stage.
     */
    private static <T> CompletionStage<T> startLater(Settings settings, Supplier<? extends CompletionStage<T>> call,
            AsyncChain next, long delayNanos) {
        ScheduledExecutorService scheduler = settings.config.scheduler();
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            if (result.isDone()) {
                return;
            }
            CompletionStage<T> stage = next.proceed(call);
            stage.whenComplete((value, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(Stages.unwrap(failure));
                } else {
                    result.complete(value);
                }
            });
            result.whenComplete((value, failure) -> {
                if (result.isCancelled()) {
                    cancel(stage);
                }
            });
        };
        ScheduledFuture<?> scheduled;
        try {
            scheduled = scheduler.schedule(start, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return Stages.failed(e);
        }
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                scheduled.cancel(false);
            }
        });
        return result;
    }

    private static void cancel(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException notCancellable) {
            // A stage that cannot be turned into a future cannot be cancelled either; its outcome is dropped.
        }
    }

    RateLimitExceededException exceeded(Settings settings, int permits, long retryAfterNanos) {
        String message = "Rate limit of '" + shared.name + "' exceeded (" + settings.description + ")"
                + (permits == 1 ? "" : " for " + permits + " permits")
                + "; retry after " + DurationFormat.formatWait(retryAfterNanos);
        return new RateLimitExceededException(shared.name, message, Duration.ofNanos(retryAfterNanos), null,
                settings.config.writableStackTraceEnabled());
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
        return (int) WAITING.getVolatile(this);
    }

    @Override
    public dev.resilience.store.StoreInfo storeInfo() {
        return store().info();
    }
}
