package dev.resilience.fallback;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Produces a replacement result for a failed call: one link of a {@link Fallback} chain.
 *
 * <p>A handler that throws passes the turn to the next handler of the chain; its exception is added, as
 * suppressed, to the original failure, which the caller receives when every handler failed. A handler may
 * therefore decline by throwing (even by rethrowing {@code failure} itself, which is not added to itself).
 *
 * <p>Called on the thread that saw the failure: the caller's for synchronous calls, the one that completed the
 * failed stage for asynchronous calls. Must be thread-safe when the fallback is shared.
 *
 * @param <T> the type of the replacement result
 * @see Fallback.Builder#then(FallbackHandler)
 * @see AsyncFallbackHandler
 * @since 0.1.0
 */
@FunctionalInterface
public interface FallbackHandler<T> {

    /**
     * The replacement result.
     *
     * @param failure the failure of the call (for asynchronous calls, without its {@code CompletionException}
     *        wrapper)
     * @param call the object the call was started with: the {@code CheckedSupplier} given to
     *        {@link dev.resilience.core.Policy#execute} or the {@code Supplier} given to
     *        {@link dev.resilience.core.Policy#executeAsync}; a framework passes its own invocation object there
     *        to recover the method's arguments
     * @return the replacement result, possibly {@code null}
     * @throws Throwable to decline, so that the next handler is tried
     */
    T handle(Throwable failure, Object call) throws Throwable;

    /** A handler that always returns {@code value} (which may be {@code null}). */
    static <T> FallbackHandler<T> ofValue(T value) {
        return (failure, call) -> value;
    }

    /** A handler that returns what {@code supplier} supplies, ignoring the failure. */
    static <T> FallbackHandler<T> ofSupplier(Supplier<? extends T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return (failure, call) -> supplier.get();
    }

    /** A handler that computes the result from the failure. */
    static <T> FallbackHandler<T> ofFunction(Function<? super Throwable, ? extends T> function) {
        Objects.requireNonNull(function, "function");
        return (failure, call) -> function.apply(failure);
    }
}
