package dev.resilience.retry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The decision procedure of a retry, for one call: the only place that decides whether an outcome is retried,
 * how long to wait, and how a call is counted when it ends. The synchronous loop in {@link DefaultRetry}, the
 * asynchronous {@link AsyncRetryCall} (a subclass) and {@link Retry#context()} all drive it.
 *
 * <p>Fields other than {@code ended} are written by one thread at a time (attempts follow each other through
 * executors and futures, which publish them); {@code ended} is the one field two threads may race on, when a
 * cancellation ends the call while an attempt completes.
 */
class RetryCall implements Retry.Context {

    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(RetryCall.class, "ended", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final DefaultRetry retry;
    final RetryConfig config;
    /** Attempts whose outcome was reported. */
    private int attempts;
    /** The last reported error was not retryable: the call ends as an ignored error. */
    private boolean notRetryable;
    /** The last reported result was one that retryOnResult rejects: returning it counts as a failure. */
    private boolean rejectedResult;
    @SuppressWarnings("unused") // through ENDED
    private volatile int ended;

    RetryCall(DefaultRetry retry, RetryConfig config) {
        this.retry = retry;
        this.config = config;
    }

    @Override
    public long onError(Throwable error) {
        Objects.requireNonNull(error, "error");
        checkOpen();
        attempts++;
        rejectedResult = false;
        notRetryable = !config.isRetryable(error);
        return notRetryable ? -1 : next(error);
    }

    @Override
    public long onResult(Object result) {
        checkOpen();
        attempts++;
        notRetryable = false;
        rejectedResult = config.isRetriedResult(result);
        return rejectedResult ? next(null) : -1;
    }

    /** An attempt failed in a retryable way: is there another one, and after how long? */
    private long next(Throwable error) {
        if (attempts >= config.maxAttempts()) {
            return -1;
        }
        RetryBudget budget = config.budgetOrNull();
        if (budget != null && !budget.tryWithdraw()) {
            retry.budgetExhausted(attempts, error);
            return -1;
        }
        long wait = config.waitNanos(attempts, error);
        retry.retrying(attempts, wait, error);
        return wait;
    }

    @Override
    public void onSuccess() {
        if (end()) {
            if (rejectedResult) {
                retry.failed(attempts, null);
            } else {
                retry.succeeded(attempts);
            }
        }
    }

    @Override
    public void onFailure(Throwable error) {
        if (end()) {
            if (notRetryable) {
                retry.ignored(attempts, error);
            } else {
                retry.failed(attempts, error);
            }
        }
    }

    @Override
    public int attempts() {
        return attempts;
    }

    final boolean isEnded() {
        return ended != 0;
    }

    private boolean end() {
        return ENDED.compareAndSet(this, 0, 1);
    }

    private void checkOpen() {
        if (ended != 0) {
            throw new IllegalStateException("This call of retry '" + retry.name() + "' has already ended");
        }
    }
}
