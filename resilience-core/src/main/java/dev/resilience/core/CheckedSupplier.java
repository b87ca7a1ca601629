package dev.resilience.core;

/**
 * A call that returns a value and may throw anything, checked exceptions included.
 *
 * <p>The patterns pass checked exceptions through unchanged: a method declared to throw {@code IOException}
 * still throws that {@code IOException}, never a wrapper.
 *
 * @param <T> the result type
 * @since 0.1.0
 */
@FunctionalInterface
public interface CheckedSupplier<T> {

    T get() throws Throwable;
}
