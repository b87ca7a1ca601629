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
