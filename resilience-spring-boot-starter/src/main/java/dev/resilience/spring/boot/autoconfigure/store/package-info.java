/**
 * Shared stores for circuit breakers and rate limiters: the {@link
 * dev.resilience.spring.boot.autoconfigure.store.ResilienceStoreProvider} beans that {@code store: redis|jdbc}
 * selects, and one auto-configuration per store in a sub-package.
 */
@NullMarked
package dev.resilience.spring.boot.autoconfigure.store;

import org.jspecify.annotations.NullMarked;
