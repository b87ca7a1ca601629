package dev.resilience.retry;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Policy;
import dev.resilience.core.event.EventConsumer;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Calls again when a call fails, up to {@link RetryConfig#maxAttempts() max-attempts} in all, waiting between
 * attempts as its {@link RetryConfig} says.
 *
 * <pre>{@code
 * Retry retry = Retry.of("inventory", RetryConfig.builder()
 *         .maxAttempts(4)
 *         .waitDuration(Duration.ofMillis(100))
 *         .enableExponentialBackoff(true)
 *         .retryExceptions(IOException.class)
 *         .build());
 * Stock stock = retry.executeCallable(() -> inventory.stock(sku));
 * }</pre>
 *
 * <h2>Outcome</h2>
 * After the last attempt the caller receives the last failure <em>unchanged</em> (the same instance, checked
 * exceptions included, never a wrapper), or, when retrying because of results, the last result. A failure that
 * is not retried is passed on at once. A {@link RetryBudget} that refuses a retry ends the call the same way.
 *
 * <h2>Synchronous and asynchronous</h2>
 * {@link #execute} waits on the calling thread through the configured {@link Sleeper} (see it for interrupts).
 * {@link #executeAsync} never blocks: each retry is scheduled on the configured scheduler, and the supplier of
 * every attempt after the first runs on a scheduler thread. Cancelling the stage it returns cancels the
 * attempt in flight (when its stage is a {@code CompletableFuture}) and any pending retry, and no further
 * attempt starts. Both paths, and {@link #context()}, follow the same decision procedure.
 *
 * <h2>Cost</h2>
 * A call that succeeds at the first attempt allocates nothing, reads no clock (unless a {@link RetryBudget} is
 * set, which reads its ticker once) and updates one striped counter. Listeners cost nothing when there are
 * none.
 *
 * <p>Thread-safe: one instance serves any number of concurrent calls.
 *
 * @see RetryConfig
 * @see RetryRegistry
 * @since 0.1.0
 */
public interface Retry extends Policy, PatternInstance<RetryConfig, RetryListener> {

    /**
     * A retry called {@code name} with {@code config}.
     *
     * @throws NullPointerException when an argument is {@code null}
     */
    static Retry of(String name, RetryConfig config) {
        return new DefaultRetry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(config, "config"));
    }

    /** A retry called {@code name} with {@link RetryConfig#ofDefaults()}. */
    static Retry ofDefaults(String name) {
        return of(name, RetryConfig.ofDefaults());
    }

    /** The instance name. */
    @Override
    String name();

    /** The current configuration. */
    RetryConfig config();

    /**
     * Replaces the configuration in place: listeners and metrics are kept, calls already running finish with
     * the configuration they started with, calls starting afterwards use {@code config}.
     */
    void reconfigure(RetryConfig config);

    /** Adds a listener; adding the same one twice notifies it twice. */
    void addListener(RetryListener listener);

    /** Removes one registration of {@code listener}, if present. */
    boolean removeListener(RetryListener listener);

    /**
     * Registers {@code consumer} to receive a {@link dev.resilience.core.event.ResilienceEvent} (pattern
     * {@code retry}) for each listener notification, timestamped with the configuration's clock. Types:
     * {@code RETRY} (details {@code attempt}, {@code waitDuration}, {@code error}), {@code SUCCESS}
     * ({@code attempts}), {@code ERROR} ({@code attempts}, {@code error}), {@code IGNORED_ERROR}
     * ({@code error}), {@code BUDGET_EXHAUSTED} ({@code attempt}, {@code error}); {@code error} is the
     * exception's {@code toString()} and absent when a result was retried.
     *
     * @return the adapter that was added, to pass to {@link #removeListener} later
     */
    RetryListener onEvent(EventConsumer consumer);

    /** Live counts of finished calls. */
    Metrics metrics();

    /**
     * A context for one call, for callers that run the attempts themselves (for example a Reactor operator).
     * Creating it deposits into the {@link RetryBudget}, if any. Use it like this:
     *
     * <pre>{@code
     * Retry.Context context = retry.context();
     * while (true) {
     *     Object result;
     *     try {
     *         result = attempt();
     *     } catch (Throwable error) {
     *         long wait = context.onError(error);
     *         if (wait < 0) { context.onFailure(error); throw error; }
     *         sleepNanos(wait);
     *         continue;
     *     }
     *     long wait = context.onResult(result);
     *     if (wait < 0) { context.onSuccess(); return result; }
     *     sleepNanos(wait);
     * }
     * }</pre>
     */
    Context context();

    @Override
    <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable;

    @Override
    <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next);

    /**
     * Counts of calls that have ended, by outcome. A call counts as "with retry" when it made more than one
     * attempt. A call that ended with a result that was still rejected by {@code retryOnResult}, was not
     * retried, was refused by the budget, was interrupted or was cancelled counts as failed. Every call counts
     * exactly once, when it ends. Read without locking: the four counts are each exact but not a snapshot.
     *
     * @since 0.1.0
     */
    interface Metrics {

        /** Calls that succeeded at the first attempt. */
        long successfulCallsWithoutRetry();

        /** Calls that succeeded after one or more retries. */
        long successfulCallsWithRetry();

        /** Calls that failed after a single attempt. */
        long failedCallsWithoutRetry();

        /** Calls that failed after one or more retries. */
        long failedCallsWithRetry();
    }

    /**
     * The retry decisions for one call, for callers that loop (or resubscribe) themselves. The same procedure
     * drives {@link Retry#execute} and {@link Retry#executeAsync}.
     *
     * <p>Report each attempt's outcome with {@link #onError} or {@link #onResult}; a non-negative answer is the
     * wait before the next attempt, and {@link RetryListener#onRetry} has been told. On {@code -1}, end the call
     * with {@link #onFailure} (rethrowing the error) or {@link #onSuccess} (returning the result), which update
     * the metrics and notify the listeners. {@link #onFailure} may also end a call at any other moment (an
     * interrupt, a cancellation). Ending a call twice has no further effect.
     *
     * <p>Not thread-safe: use it for one call, from one thread at a time (attempts that run on different
     * threads one after the other are fine when a happens-before edge links them, as executors and futures
     * provide). The ending methods may race with each other; exactly one of them takes effect.
     *
     * @since 0.1.0
     */
    interface Context {

        /**
         * An attempt threw {@code error}.
         *
         * @return the wait in nanoseconds before the next attempt, or {@code -1} when {@code error} must be
         *         passed on: not retryable, attempts exhausted, or budget refused
         * @throws IllegalStateException when the call has already ended
         */
        long onError(Throwable error);

        /**
         * An attempt returned {@code result}.
         *
         * @return the wait in nanoseconds before the next attempt, or {@code -1} when the result must be
         *         returned: accepted, or rejected but attempts exhausted or budget refused
         * @throws IllegalStateException when the call has already ended
         */
        long onResult(Object result);

        /** Ends the call with the last result: counts it and notifies the listeners. */
        void onSuccess();

        /** Ends the call with {@code error}: counts it and notifies the listeners. */
        void onFailure(Throwable error);

        /** The number of attempts whose outcome has been reported so far. */
        int attempts();
    }
}
