package dev.resilience.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Small helpers for {@link CompletionStage}s that every asynchronous pattern needs.
 *
 * @since 0.1.0
 */
public final class Stages {

    private Stages() {
    }

    /** A stage already completed exceptionally with {@code failure}. */
    public static <T> CompletableFuture<T> failed(Throwable failure) {
        CompletableFuture<T> future = new CompletableFuture<>();
        future.completeExceptionally(failure);
        return future;
    }

    /**
     * Cancels {@code stage} through its {@code CompletableFuture} form, so that whatever produces it can stop and
     * the patterns inside give back what they hold. A stage that cannot be converted (a minimal
     * {@code CompletionStage}) cannot be cancelled: it runs on, and whoever cancels it drops its outcome.
     *
     * @param stage the stage to cancel; {@code null} is ignored
     * @return whether the stage was cancelled by this call
     * @since 0.1.0
     */
    public static boolean cancel(CompletionStage<?> stage, boolean mayInterruptIfRunning) {
        if (stage == null) {
            return false;
        }
        try {
            return stage.toCompletableFuture().cancel(mayInterruptIfRunning);
        } catch (UnsupportedOperationException notCancellable) {
            return false;
        }
    }

    /**
     * The failure a stage completed with, without the {@link CompletionException} or {@link ExecutionException}
     * wrappers that {@code CompletableFuture} adds on the way.
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
