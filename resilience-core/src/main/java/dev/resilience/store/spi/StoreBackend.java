package dev.resilience.store.spi;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;

import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * What a shared store (Redis, PostgreSQL, ...) implements so that {@link dev.resilience.store.SharedStore} can
 * share circuit breakers and rate limiters through it. Everything else (local caching of states, batching of
 * outcomes, timeouts, outage detection and fallback, reconnection, resynchronisation, notifying breakers) is
 * done once, backend-neutrally, by {@code SharedStore}: a backend is only the few atomic operations below.
 *
 * <h2>Threading</h2>
 * Every operation returns a {@link CompletionStage} and must not block the calling thread for long (a backend
 * on a blocking driver runs the work on an executor of its own). {@code SharedStore} waits for an answer at
 * most its {@link dev.resilience.store.SharedStoreOptions#timeout() timeout} and treats a stage that fails, or
 * is late, as an outage. When it stops waiting it cancels the stage's future ({@code cancel(false)} on
 * {@code toCompletableFuture()}): a backend that has not started the operation yet (queued behind a busy pool or
 * a reconnection) should then not run it. A late answer may still complete later; the operations are designed so
 * that a lost answer can only make the fleet stricter (a permit taken but not used), never grant more. Stages may
 * complete
 * on any thread, but never on the store's own thread ({@code SharedStore} waits on it). Implementations are
 * thread-safe.
 *
 * <h2>Atomicity</h2>
 * Each operation is atomic in the store: one Redis script touching one key (or keys of one hash slot), one SQL
 * statement or transaction. Two instances racing for the same transition: exactly one wins.
 *
 * <h2>Time</h2>
 * Times are taken from the store's clock (Redis {@code TIME}, the database's {@code clock_timestamp()}), so
 * that every instance cuts rate-limit periods and time-window buckets at the same instants.
 *
 * <h2>Naming</h2>
 * Operations name a breaker or a limiter by its instance name (and a keyed limiter's key); the backend maps
 * them to its own keys or rows, under a prefix of its own so that several applications can share one server.
 * State nobody uses any more must vanish by itself (TTLs, or expiry columns cleaned up by the backend).
 *
 * @since 0.1.0
 */
public interface StoreBackend extends AutoCloseable {

    /** The {@code expectedEpoch} of {@link #compareAndSet} that means "only if nothing is stored yet". */
    long ABSENT = -1L;

    /** The store type, lower case, as in the {@code store} property: {@code redis}, {@code jdbc}. */
    String type();

    // ---------------------------------------------------------------------------------------------------------
    // Fleet
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Registers (or refreshes) {@code instanceId} as alive for {@code ttlMillis}, and answers how many instances
     * are alive, this one included. Called every poll interval; also the probe by which an unreachable store
     * is found reachable again. The count sets the local share of a limit during an outage.
     */
    CompletionStage<Integer> heartbeat(String instanceId, long ttlMillis);

    /**
     * Starts delivering the circuit-breaker records that {@link #compareAndSet} writes, by any instance
     * (this one included), to {@code listener} as {@code (breaker name, record)}: Redis pub/sub, PostgreSQL
     * {@code LISTEN/NOTIFY}. Called once. Delivery is best effort (a message may be lost while disconnected; the
     * poll catches up); the backend re-subscribes by itself after reconnecting. The listener is quick and
     * never throws.
     */
    void subscribe(BiConsumer<String, BreakerRecord> listener);

    // ---------------------------------------------------------------------------------------------------------
    // Circuit breakers
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Reads the breaker's record, with {@link BreakerRecord#storeTimeMillis()} set to the store's clock now;
     * completes with {@code null} when none is stored.
     */
    CompletionStage<BreakerRecord> read(String breaker);

    /**
     * Writes a new period of {@code breaker} if, and only if, the stored record's epoch is
     * {@code expectedEpoch} ({@link #ABSENT}: only if nothing is stored), stamping
     * {@link BreakerRecord#sinceMillis()} with the store's clock; on success it notifies the
     * {@link #subscribe subscribers} of every instance. The stored record's TTL (if any) is renewed.
     *
     * @param breaker the breaker's name
     * @param expectedEpoch the epoch the write is based on, or {@link #ABSENT}
     * @param state the new state
     * @param epoch the new epoch, greater than {@code expectedEpoch}
     * @param periodMillis the new period's length, or {@link BreakerRecord#UNLIMITED}
     * @param origin the id of the writing instance
     * @return whether it was written, and the record stored afterwards
     */
    CompletionStage<BreakerWrite> compareAndSet(String breaker, long expectedEpoch, CircuitBreaker.State state,
            long epoch, long periodMillis, String origin);

    /**
     * Adds one instance's batch of outcomes to the fleet-wide window of period {@code epoch}, and answers the
     * window's totals afterwards; {@code null} (nothing added) when the stored record's epoch is not
     * {@code epoch} any more, or nothing is stored.
     *
     * <p>The window belongs to the epoch: the first batch of a new epoch discards what older epochs left. Its
     * shape is given with every batch:
     * <ul>
     *   <li>{@code COUNT_BASED}, {@code size} N: the last N outcomes in the order the batches arrived. A batch is
     *       appended as a block, in this order: slow failures, other failures, slow successes, other successes
     *       ({@code SharedStore} never sends more than N outcomes in one batch).
     *   <li>{@code TIME_BASED}, {@code size} N: per-second buckets of the store's clock; a batch goes into the
     *       bucket of the second it arrives in; the totals are those of the last N seconds (the current one
     *       included). Older buckets are dropped.
     * </ul>
     * A batch of zero calls only reads the totals.
     *
     * @param breaker the breaker's name
     * @param epoch the period the outcomes belong to
     * @param type the window's type
     * @param size calls or seconds
     * @param batch the outcomes to add
     * @return the totals of the window after the batch, or {@code null} when {@code epoch} is not current
     */
    CompletionStage<OutcomeCounts> recordOutcomes(String breaker, long epoch, CircuitBreakerConfig.SlidingWindowType type,
            int size, OutcomeCounts batch);

    /**
     * Takes one trial permit of the HALF_OPEN period {@code epoch}: {@code true} if the stored record is
     * HALF_OPEN at {@code epoch} and fewer than {@code permitted} permits of that epoch are taken (the count
     * then goes up by one), else {@code false}. The whole fleet thereby admits at most {@code permitted} trial
     * calls per half-open period.
     */
    CompletionStage<Boolean> acquireTrialPermit(String breaker, long epoch, int permitted);

    /** Gives back one trial permit of period {@code epoch} (never below zero); nothing if the epoch is over. */
    CompletionStage<Void> releaseTrialPermit(String breaker, long epoch);

    // ---------------------------------------------------------------------------------------------------------
    // Rate limiters
    // ---------------------------------------------------------------------------------------------------------

    /**
     * One atomic acquisition with exactly the semantics of
     * {@link dev.resilience.ratelimiter.spi.RateLimiterStore#acquire(int, long)}: periods of
     * {@code periodNanos} cut on the store's clock, {@code limitForPeriod} permits each, unused permits lost,
     * reservations of later periods first come first served, a rejection reserving nothing and carrying the
     * wait as its retry-after. The state of one limiter (or one key) must expire once the periods it holds
     * permits of have passed.
     *
     * @param limiter the limiter's name
     * @param key the key of a keyed limiter (its {@code String.valueOf}), or {@code null} for a plain limiter
     * @param permits {@code 1 <= permits <= limitForPeriod}
     * @param timeoutNanos the longest acceptable wait, {@code >= 0}
     * @param limitForPeriod permits per period
     * @param periodNanos the period, {@code > 0}
     */
    CompletionStage<LimiterReply> acquirePermits(String limiter, String key, int permits, long timeoutNanos,
            int limitForPeriod, long periodNanos);

    /** Releases connections and threads the backend created itself; never throws. */
    @Override
    void close();
}
