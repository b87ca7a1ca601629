package dev.resilience.fallback;

/** Marks a chain link added with {@code thenAsync}, so that a handler is never mistaken for the other kind. */
record AsyncStep<T>(AsyncFallbackHandler<? extends T> handler) {
}
