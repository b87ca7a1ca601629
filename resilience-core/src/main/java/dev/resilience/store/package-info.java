/**
 * State shared by a fleet of application instances: {@link dev.resilience.store.SharedStore} puts circuit
 * breakers and rate limiters on a {@link dev.resilience.store.spi.StoreBackend} (Redis in
 * {@code resilience-redis}, PostgreSQL in {@code resilience-jdbc}), with
 * {@link dev.resilience.store.SharedStoreOptions} for timeouts, intervals and the
 * {@link dev.resilience.store.OutagePolicy}, and {@link dev.resilience.store.StoreInfo} to see where an
 * instance keeps its state and whether it is degraded.
 *
 * <p>Arguments and return values are non-null unless a method says otherwise.
 *
 * @since 0.1.0
 */
package dev.resilience.store;
