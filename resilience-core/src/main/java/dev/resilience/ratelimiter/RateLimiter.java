package dev.resilience.ratelimiter;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Policy;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.ratelimiter.internal.DefaultRateLimiter;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Lets at most {@code limit-for-period} calls through per {@code limit-refresh-period}. A call that finds the
 * current period used up waits for a permit of a later period if it can have one within
 * {@code timeout-duration}, and is otherwise rejected at once with a {@link RateLimitExceededException} whose
 * {@link RateLimitExceededException#retryAfter() retryAfter()} says when a permit will be available.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.of("backend", RateLimiterConfig.builder()
 *         .limitForPeriod(50)
 *         .limitRefreshPeriod(Duration.ofSeconds(1))
 *         .build());
 * String body = limiter.executeSupplier(() -> client.get("/orders"));
 * }</pre>
 *
 * <h2>Periods</h2>
 * Periods are fixed windows cut from the moment the limiter is created: {@code [0, period)},
 * {@code [period, 2 period)}, ... Each has {@code limit-for-period} permits; unused permits are lost at its end.
 * A permit is granted in the first period that still has one after every earlier caller, so waiting callers
 * are served in order and never more than {@code limit-for-period} permits belong to one period. Time is read
 * from the configuration's {@link dev.resilience.core.Ticker}, lazily: there is no refresher thread.
 *
 * <h2>Waiting</h2>
 * {@link #execute synchronous calls} and {@link #acquirePermission()} park the calling thread until their
 * permit's period starts. {@link #executeAsync asynchronous calls} never park a thread: the call is started
 * by the configured scheduler when its period starts. {@link #tryAcquirePermission()} never waits, and
 * {@link #reservePermission()} reserves a permit and leaves the waiting to the caller (Reactor operators delay
 * by the returned time).
 *
 * <p>A permit is taken when the call starts; calls are not counted when they end, and a waiting caller that is
 * interrupted or cancelled does not give its permit back.
 *
 * <p>Implementations are lock-free, allocate nothing when the call gets its permit at once, and are
 * thread-safe. The state lives in a {@link dev.resilience.ratelimiter.spi.RateLimiterStore} (in memory unless
 * configured otherwise).
 *
 * @see RateLimiterConfig
 * @see KeyedRateLimiter
 * @since 0.1.0
 */
public interface RateLimiter extends Policy, PatternInstance<RateLimiterConfig, RateLimiterListener> {

    /** The pattern key used in configuration and in {@link dev.resilience.core.event.ResilienceEvent}s. */
    String PATTERN = "rate-limiter";

    /**
     * A new rate limiter.
     *
     * @param name the instance name, as in {@code resilience.rate-limiter.instances.<name>}
     * @param config its configuration
     */
    static RateLimiter of(String name, RateLimiterConfig config) {
        return new DefaultRateLimiter(name, config);
    }

    /** A new rate limiter with {@link RateLimiterConfig#ofDefaults() the default configuration}. */
    static RateLimiter ofDefaults(String name) {
        return of(name, RateLimiterConfig.ofDefaults());
    }

    /** The instance name; for one key of a {@link KeyedRateLimiter}, the keyed limiter's name (never the key). */
    @Override
    String name();

    /** The current configuration. */
    RateLimiterConfig config();

    /**
     * Applies {@code config} in place: the permits already used in the current period stay used, listeners and
     * waiting callers are kept. Calls that start afterwards use the new values. Changing the
     * {@link RateLimiterConfig#ticker() ticker} or the {@link RateLimiterConfig#store() store} starts from a
     * fresh state, since the old one cannot be carried over.
     *
     * @throws UnsupportedOperationException on one key of a {@link KeyedRateLimiter}: reconfigure the keyed
     *     limiter, which applies one configuration to every key
     */
    void reconfigure(RateLimiterConfig config);

    /**
     * Adds a listener, told about every later decision. Adding the same listener twice notifies it twice.
     *
     * @throws UnsupportedOperationException on one key of a {@link KeyedRateLimiter}: add it to the keyed limiter
     */
    void addListener(RateLimiterListener listener);

    /** Removes one registration of {@code listener}; does nothing if it is not registered. */
    boolean removeListener(RateLimiterListener listener);

    /**
     * Builds a {@link dev.resilience.core.event.ResilienceEvent} for every later decision and hands it to
     * {@code consumer}: pattern {@value #PATTERN}, type {@code PERMITTED} or {@code REJECTED}, details
     * {@code permits}, time from the configuration's {@link RateLimiterConfig#clock() clock}. Costs an object
     * per call; metrics should use a {@link RateLimiterListener} instead.
     *
     * @return the registered listener, to pass to {@link #removeListener} later
     * @throws UnsupportedOperationException on one key of a {@link KeyedRateLimiter}
     */
    RateLimiterListener onEvent(EventConsumer consumer);

    /**
     * Takes one permit if the current period has one left; never waits, whatever {@code timeout-duration} is.
     *
     * @return {@code true} if a permit was taken
     */
    boolean tryAcquirePermission();

    /**
     * Takes {@code permits} permits at once if the current period has that many left; never waits.
     *
     * @param permits between 1 and {@code limit-for-period}
     * @return {@code true} if the permits were taken
     * @throws IllegalArgumentException when {@code permits} is outside that range
     */
    boolean tryAcquirePermission(int permits);

    /**
     * Takes one permit, waiting for it up to {@code timeout-duration} (parks the calling thread).
     *
     * @throws RateLimitExceededException when no permit can be had within {@code timeout-duration} (then it
     *     returns at once, without waiting), or when the thread is interrupted while waiting (then the interrupt
     *     flag is set again, the exception's cause is the {@link InterruptedException}, and the reserved permit
     *     is not given back)
     */
    void acquirePermission();

    /**
     * Takes {@code permits} permits at once, waiting for them up to {@code timeout-duration}.
     *
     * @param permits between 1 and {@code limit-for-period}
     * @throws IllegalArgumentException when {@code permits} is outside that range
     * @throws RateLimitExceededException as {@link #acquirePermission()}
     */
    void acquirePermission(int permits);

    /**
     * Reserves one permit without waiting for it, for callers that wait in their own way (a Reactor operator
     * delays its subscription by the returned time).
     *
     * @return nanoseconds to wait before using the permit ({@code 0} = now), or {@code -1} when no permit can
     *     be had within {@code timeout-duration} (nothing is reserved then)
     */
    long reservePermission();

    /**
     * Reserves {@code permits} permits without waiting for them.
     *
     * @param permits between 1 and {@code limit-for-period}
     * @return as {@link #reservePermission()}
     * @throws IllegalArgumentException when {@code permits} is outside that range
     */
    long reservePermission(int permits);

    /** Live figures of this limiter, for gauges. The returned object is reused; reading it never allocates. */
    Metrics metrics();

    /**
     * Where this limiter keeps its state ({@code store}: memory, redis, jdbc) and whether it currently runs on
     * local state because its shared store is unreachable.
     */
    default dev.resilience.store.StoreInfo storeInfo() {
        return dev.resilience.store.StoreInfo.memory();
    }

    /**
     * Waits for a permit as {@link #acquirePermission()} does, then runs the rest of the chain on the calling
     * thread.
     *
     * @throws RateLimitExceededException when no permit can be had within {@code timeout-duration}
     */
    @Override
    <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable;

    /**
     * Takes a permit and starts the rest of the chain. When the permit belongs to a later period, the call is
     * started by the configured scheduler when that period starts; no thread waits meanwhile. Cancelling the
     * returned stage before then means the call never starts (its permit is not given back). Never blocks and
     * never throws.
     *
     * @return the call's stage, or a stage failed with {@link RateLimitExceededException} when no permit can be
     *     had within {@code timeout-duration}
     */
    @Override
    <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next);

    /**
     * Live figures of one rate limiter. Thread-safe; values may be stale by the time they are used.
     *
     * @since 0.1.0
     */
    interface Metrics {

        /**
         * Permits left in the current period. Negative when waiting callers reserved permits of later periods:
         * {@code -3} means three permits beyond the current period are already promised.
         */
        int availablePermissions();

        /** Threads parked in {@link RateLimiter#acquirePermission()} or a synchronous call, waiting for their period. */
        int numberOfWaitingThreads();
    }
}
