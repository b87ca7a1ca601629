package dev.resilience.store.spi;

import java.util.Objects;

/**
 * The answer of {@link StoreBackend#compareAndSet}: whether the write was applied, and the record the store
 * holds after the call (the one written on success, the one that won otherwise). Immutable.
 *
 * @param applied whether the expected epoch matched and the new record was written
 * @param current the record stored after the call; {@code null} only when the write was not applied
 *        because nothing is stored (a create-if-absent, {@link StoreBackend#ABSENT}, never answers that)
 * @since 0.1.0
 */
public record BreakerWrite(boolean applied, BreakerRecord current) {

    public BreakerWrite {
        if (applied) {
            Objects.requireNonNull(current, "current");
        }
    }
}
