package dev.resilience.core;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A pattern instance that can be wrapped around calls, synchronous and asynchronous: a circuit breaker, a
 * retry, a timeout, a bulkhead, a rate limiter or a fallback. Every pattern implements the two primitive
 * operations {@link #execute} and {@link #executeAsync} (the latter from {@link AsyncPolicy}); every
 * convenience method below (for {@link Supplier}, {@link Callable}, {@link Runnable} and {@link Function}) is
 * written once, here, in terms of them, and those for asynchronous suppliers in {@link AsyncPolicy}.
 *
 * <p>The primitives take the rest of the pipeline as a {@link Chain}, which is what lets {@link Pipeline}
 * compose any number of policies in any order without one class per combination.
 *
 * <p>Exceptions of the call reach the caller unchanged, checked ones included; the library's own rejections
 * are {@link ResilienceException}s.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface Policy extends AsyncPolicy {

    /**
     * Runs {@code call} through this policy and the rest of the chain, on the calling thread (a timeout may
     * hand the call to a worker and wait for it).
     *
     * @param call the protected call
     * @param next the policies nested inside this one; {@link Chain#terminal()} when there are none
     * @return the call's result
     * @throws Throwable the call's own failure unchanged, or this policy's rejection
     */
    <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable;

    /** Runs {@code supplier} under this policy. */
    default <T> T executeSupplier(Supplier<T> supplier) {
        try {
            return execute(supplier::get, Chain.terminal());
        } catch (Throwable t) {
            throw Exceptions.rethrow(t);
        }
    }

    /** Runs {@code callable} under this policy; its checked exceptions are thrown unchanged. */
    default <T> T executeCallable(Callable<T> callable) throws Exception {
        try {
            return execute(callable::call, Chain.terminal());
        } catch (Throwable t) {
            throw Exceptions.rethrow(t);
        }
    }

    /** Runs {@code runnable} under this policy. */
    default void executeRunnable(Runnable runnable) {
        try {
            execute(() -> {
                runnable.run();
                return null;
            }, Chain.terminal());
        } catch (Throwable t) {
            throw Exceptions.rethrow(t);
        }
    }

    /**
     * A supplier that runs {@code supplier} under this policy each time it is called. The adaptation to the
     * {@link #execute} primitive is built here, once, so calling the decorated supplier allocates nothing for it.
     */
    default <T> Supplier<T> decorateSupplier(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        CheckedSupplier<T> call = supplier::get;
        return () -> {
            try {
                return execute(call, Chain.terminal());
            } catch (Throwable t) {
                throw Exceptions.rethrow(t);
            }
        };
    }

    /** A callable that runs {@code callable} under this policy each time it is called; adapted once, as above. */
    default <T> Callable<T> decorateCallable(Callable<T> callable) {
        Objects.requireNonNull(callable, "callable");
        CheckedSupplier<T> call = callable::call;
        return () -> {
            try {
                return execute(call, Chain.terminal());
            } catch (Throwable t) {
                throw Exceptions.rethrow(t);
            }
        };
    }

    /** A runnable that runs {@code runnable} under this policy each time it is run; adapted once, as above. */
    default Runnable decorateRunnable(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        CheckedSupplier<Object> call = () -> {
            runnable.run();
            return null;
        };
        return () -> {
            try {
                execute(call, Chain.terminal());
            } catch (Throwable t) {
                throw Exceptions.rethrow(t);
            }
        };
    }

    /** A function that applies {@code function} under this policy each time it is applied. */
    default <T, R> Function<T, R> decorateFunction(Function<T, R> function) {
        return input -> {
            try {
                return execute(() -> function.apply(input), Chain.terminal());
            } catch (Throwable t) {
                throw Exceptions.rethrow(t);
            }
        };
    }
}
