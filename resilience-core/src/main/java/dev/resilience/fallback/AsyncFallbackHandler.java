package dev.resilience.fallback;

import java.util.concurrent.CompletionStage;

/**
 * Produces a replacement result asynchronously, for example from a cache or another service: a link of a
 * {@link Fallback} chain added with {@link Fallback.Builder#thenAsync(AsyncFallbackHandler)}.
 *
 * <p>In {@link Fallback#executeAsync asynchronous} calls the fallback waits for the stage without blocking;
 * a stage that completes exceptionally (or a handler that throws, or returns {@code null}) passes the turn to
 * the next handler. In synchronous calls the caller's thread waits for the stage, since a synchronous call
 * returns a value.
 *
 * @param <T> the type of the replacement result
 * @see FallbackHandler
 * @since 0.1.0
 */
@FunctionalInterface
public interface AsyncFallbackHandler<T> {

    /**
     * Starts producing the replacement result.
     *
     * @param failure the failure of the call, unwrapped
     * @param call the object the call was started with (see {@link FallbackHandler#handle})
     * @return a stage completing with the replacement result; never {@code null}
     * @throws Throwable to decline at once, so that the next handler is tried
     */
    CompletionStage<? extends T> handle(Throwable failure, Object call) throws Throwable;
}
