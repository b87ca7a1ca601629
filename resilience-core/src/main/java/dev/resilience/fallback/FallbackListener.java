package dev.resilience.fallback;

/**
 * Told when a {@link Fallback} replaces a failure, or fails to. Every method has a no-op default.
 *
 * <p>Called on the thread that ran the handler, before the caller receives the outcome. Must be thread-safe and
 * fast; a listener that throws is logged and ignored.
 *
 * @since 0.1.0
 */
public interface FallbackListener {

    /**
     * Handler number {@code handlerIndex} (0 for the first of the chain) replaced {@code failure} with a result.
     * Earlier handlers declined; their exceptions are suppressed on {@code failure}.
     */
    default void onFallback(Fallback<?> fallback, int handlerIndex, Throwable failure) {
    }

    /**
     * Every handler declined: the caller receives {@code original}, with each handler's exception added as
     * suppressed.
     */
    default void onFallbackFailed(Fallback<?> fallback, Throwable original) {
    }

    /**
     * A listener that turns each notification into a {@link dev.resilience.core.event.ResilienceEvent} for
     * {@code consumer}, as {@link Fallback#onEvent} does, but not tied to one fallback: add the same one to
     * several fallbacks (the events carry each fallback's name).
     *
     * @throws NullPointerException when {@code consumer} is {@code null}
     */
    static FallbackListener events(dev.resilience.core.event.EventConsumer consumer) {
        return new FallbackEvents(consumer);
    }
}
