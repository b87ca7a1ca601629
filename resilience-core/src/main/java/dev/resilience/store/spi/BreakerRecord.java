package dev.resilience.store.spi;

import dev.resilience.circuitbreaker.CircuitBreaker;

import java.util.Objects;

/**
 * One circuit breaker's shared state as a backend stores it: the state, the period's epoch, when it started
 * and how long it lasts, and which application instance started it. Immutable.
 *
 * <p>Times are milliseconds of the <em>store's</em> clock (Redis {@code TIME}, the database's
 * {@code clock_timestamp()}), never of an application instance's: {@link #storeTimeMillis()} is the store's
 * clock when the record was read, so that each instance can place {@link #sinceMillis()} on its own ticker.
 *
 * @param state the state
 * @param epoch the period's sequence number, strictly increasing from one period to the next
 * @param sinceMillis when the period started, store clock; the backend stamps it when it writes the record
 * @param periodMillis how long the period lasts before its automatic end (OPEN: the wait; HALF_OPEN: the
 *        maximum wait), or {@link #UNLIMITED}
 * @param origin the id of the instance that wrote the record (empty when unknown)
 * @param storeTimeMillis the store's clock when the record was read or written
 * @since 0.1.0
 */
public record BreakerRecord(CircuitBreaker.State state, long epoch, long sinceMillis, long periodMillis,
        String origin, long storeTimeMillis) {

    /** {@link #periodMillis()} of a period that lasts until something moves it on. */
    public static final long UNLIMITED = -1L;

    public BreakerRecord {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(origin, "origin");
    }

    /** The same record, as read at another store time. */
    public BreakerRecord at(long storeTimeMillis) {
        return new BreakerRecord(state, epoch, sinceMillis, periodMillis, origin, storeTimeMillis);
    }
}
