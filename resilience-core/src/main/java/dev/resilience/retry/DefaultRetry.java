package dev.resilience.retry;

import dev.resilience.core.AbstractPatternInstance;
import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Exceptions;
import dev.resilience.core.Stages;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;
import dev.resilience.core.event.ListenerList.Notification;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The {@link Retry} implementation. The whole state is the current configuration (one volatile reference, read
 * once per call), the listeners and four striped counters; the per-call state lives in a {@link RetryCall},
 * which the synchronous path creates only once the first attempt has failed, so that a call succeeding at once
 * allocates nothing.
 */
final class DefaultRetry extends AbstractPatternInstance<RetryConfig, RetryListener> implements Retry {

    private static final Notification<RetryListener, Retry> SUCCESS =
            (listener, retry, attempts, unused, none) -> listener.onSuccess(retry, (int) attempts);
    private static final Notification<RetryListener, Retry> ERROR =
            (listener, retry, attempts, unused, error) -> listener.onError(retry, (int) attempts, (Throwable) error);
    private static final Notification<RetryListener, Retry> IGNORED_ERROR =
            (listener, retry, attempts, unused, error) -> listener.onIgnoredError(retry, (Throwable) error);
    private static final Notification<RetryListener, Retry> RETRY =
            (listener, retry, attempt, wait, error) -> listener.onRetry(retry, (int) attempt, wait, (Throwable) error);
    private static final Notification<RetryListener, Retry> BUDGET_EXHAUSTED =
            (listener, retry, attempt, unused, error) -> listener.onBudgetExhausted(retry, (int) attempt,
                    (Throwable) error);

    private final LongAdder successfulWithoutRetry = new LongAdder();
    private final LongAdder successfulWithRetry = new LongAdder();
    private final LongAdder failedWithoutRetry = new LongAdder();
    private final LongAdder failedWithRetry = new LongAdder();
    private final Metrics metrics = new Metrics() {
        @Override
        public long successfulCallsWithoutRetry() {
            return successfulWithoutRetry.sum();
        }

        @Override
        public long successfulCallsWithRetry() {
            return successfulWithRetry.sum();
        }

        @Override
        public long failedCallsWithoutRetry() {
            return failedWithoutRetry.sum();
        }

        @Override
        public long failedCallsWithRetry() {
            return failedWithRetry.sum();
        }

        @Override
        public String toString() {
            return "Retry.Metrics[successfulCallsWithoutRetry=" + successfulCallsWithoutRetry()
                    + ", successfulCallsWithRetry=" + successfulCallsWithRetry()
                    + ", failedCallsWithoutRetry=" + failedCallsWithoutRetry()
                    + ", failedCallsWithRetry=" + failedCallsWithRetry() + "]";
        }
    };

    DefaultRetry(String name, RetryConfig config) {
        super(name, config, RetryListener.class, RetryListener::events);
    }

    @Override
    public void reconfigure(RetryConfig config) {
        replaceConfig(config);
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public Context context() {
        RetryConfig current = config();
        deposit(current);
        return new RetryCall(this, current);
    }

    @Override
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        RetryConfig current = config();
        deposit(current);
        T result;
        try {
            result = next.proceed(call);
        } catch (Throwable error) {
            return retry(new RetryCall(this, current), call, next, error, null);
        }
        boolean retried;
        try {
            retried = current.isRetriedResult(result);
        } catch (Throwable predicateFailure) {
            failed(1, predicateFailure); // as decide() does on the slow path
            throw predicateFailure;
        }
        if (retried) {
            return retry(new RetryCall(this, current), call, next, null, result);
        }
        // What RetryCall.onResult + onSuccess decide for an accepted first result, without the context.
        succeeded(1);
        return result;
    }

    /**
     * {@link #execute} for a plain supplier, without adapting it to a {@link CheckedSupplier} unless a retry is
     * needed: the first attempt calls it directly, so a call that succeeds at once allocates nothing even where
     * the JIT cannot inline the adaptation away.
     */
    @Override
    public <T> T executeSupplier(Supplier<T> supplier) {
        RetryConfig current = config();
        deposit(current);
        T result;
        try {
            result = supplier.get();
        } catch (Throwable error) {
            return retrySupplier(current, supplier, error, null);
        }
        boolean retried;
        try {
            retried = current.isRetriedResult(result);
        } catch (Throwable predicateFailure) {
            failed(1, predicateFailure);
            throw Exceptions.rethrow(predicateFailure);
        }
        if (retried) {
            return retrySupplier(current, supplier, null, result);
        }
        succeeded(1);
        return result;
    }

    private <T> T retrySupplier(RetryConfig current, Supplier<T> supplier, Throwable error, T result) {
        try {
            return retry(new RetryCall(this, current), supplier::get, Chain.terminal(), error, result);
        } catch (Throwable t) {
            throw Exceptions.rethrow(t);
        }
    }

    /**
     * The synchronous loop, entered after a first attempt that failed ({@code error != null}) or returned a
     * rejected result.
     */
    private <T> T retry(RetryCall context, CheckedSupplier<? extends T> call, Chain next, Throwable error,
            T result) throws Throwable {
        long wait = decide(context, error, result);
        while (wait >= 0) {
            if (wait > 0) {
                try {
                    context.config.sleeper().sleep(wait);
                } catch (InterruptedException interrupted) {
                    // No further attempt. The caller may not declare InterruptedException, so keep the call's own
                    // outcome and set the flag again for the code above to see.
                    Thread.currentThread().interrupt();
                    if (error == null) {
                        context.onSuccess();
                        return result;
                    }
                    Exceptions.addSuppressed(error, interrupted);
                    context.onFailure(error);
                    throw error;
                } catch (Throwable sleeperFailure) {
                    // A custom sleeper broke: that ends the call, counted as a failure, like a broken predicate.
                    context.onFailure(sleeperFailure);
                    throw sleeperFailure;
                }
            }
            try {
                result = next.proceed(call);
                error = null;
            } catch (Throwable failure) {
                result = null;
                error = failure;
            }
            wait = decide(context, error, result);
        }
        if (error != null) {
            context.onFailure(error);
            throw error;
        }
        context.onSuccess();
        return result;
    }

    private static long decide(RetryCall context, Throwable error, Object result) throws Throwable {
        try {
            return error != null ? context.onError(error) : context.onResult(result);
        } catch (Throwable decisionFailure) {
            // A predicate or interval function threw: that ends the call, counted as a failure.
            context.onFailure(decisionFailure);
            throw decisionFailure;
        }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        try {
            RetryConfig current = config();
            deposit(current);
            AsyncRetryCall<T> retryCall = new AsyncRetryCall<>(this, current, call, next);
            retryCall.run();
            return retryCall.result();
        } catch (Throwable t) {
            return Stages.failed(t);
        }
    }

    private static void deposit(RetryConfig config) {
        RetryBudget budget = config.budgetOrNull();
        if (budget != null) {
            budget.deposit();
        }
    }

    // Outcome recording, shared by every path. Listener loops cost a volatile read when nobody listens.

    void succeeded(int attempts) {
        (attempts <= 1 ? successfulWithoutRetry : successfulWithRetry).increment();
        listeners.deliver(SUCCESS, this, attempts);
    }

    void failed(int attempts, Throwable errorOrNull) {
        (attempts <= 1 ? failedWithoutRetry : failedWithRetry).increment();
        listeners.deliver(ERROR, this, attempts, errorOrNull);
    }

    void ignored(int attempts, Throwable error) {
        (attempts <= 1 ? failedWithoutRetry : failedWithRetry).increment();
        listeners.deliver(IGNORED_ERROR, this, attempts, error);
    }

    void retrying(int attempt, long waitNanos, Throwable errorOrNull) {
        listeners.deliver(RETRY, this, attempt, waitNanos, errorOrNull);
    }

    void budgetExhausted(int attempt, Throwable errorOrNull) {
        listeners.deliver(BUDGET_EXHAUSTED, this, attempt, errorOrNull);
    }

    @Override
    public String toString() {
        return "Retry '" + name() + "' " + config();
    }
}
