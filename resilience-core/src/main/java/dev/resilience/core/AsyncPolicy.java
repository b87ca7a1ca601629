package dev.resilience.core;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A pattern instance that can be wrapped around <em>asynchronous</em> calls, those that return a
 * {@link CompletionStage}. Every {@link Policy} is one; a pattern that can only run calls asynchronously (a
 * {@link dev.resilience.bulkhead.ThreadPoolBulkhead}, which runs them on its own threads) is an
 * {@code AsyncPolicy} and not a {@code Policy}, so the compiler, not a call at run time, says that it has no
 * synchronous path. {@link AsyncPipeline} composes any of them; {@link Pipeline} only {@link Policy}s.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface AsyncPolicy {

    /** The instance name, as configured (for example {@code resilience.retry.instances.<name>}). */
    String name();

    /**
     * Starts {@code call} through this policy and the rest of the chain, without blocking the calling thread.
     * The outcome is recorded when the returned stage completes.
     *
     * @param call starts the protected work and returns its stage
     * @param next the policies nested inside this one; {@link AsyncChain#terminal()} when there are none
     * @return a stage that completes with the call's result, its failure, or this policy's rejection
     */
    <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next);

    /** Starts the asynchronous call under this policy; never blocks. */
    default <T> CompletionStage<T> executeCompletionStage(Supplier<? extends CompletionStage<T>> supplier) {
        return executeAsync(supplier, AsyncChain.terminal());
    }

    /** An asynchronous supplier that starts {@code supplier} under this policy each time it is called. */
    default <T> Supplier<CompletionStage<T>> decorateCompletionStage(
            Supplier<? extends CompletionStage<T>> supplier) {
        return () -> executeCompletionStage(supplier);
    }
}
