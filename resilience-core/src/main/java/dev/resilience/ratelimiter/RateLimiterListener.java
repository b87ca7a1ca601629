package dev.resilience.ratelimiter;

import dev.resilience.core.event.EventConsumer;

/**
 * Told about every decision of a {@link RateLimiter}: permits granted or refused. Arguments are primitives and
 * the instance, so a metrics listener counts calls without any event object being built.
 *
 * <p>Called on the thread that asked for the permit, before it waits (a grant in a later period is reported
 * when it is reserved) and before the protected call runs: keep listeners quick. A listener that throws is
 * logged and ignored; it never breaks the call. Every method has a no-op default.
 *
 * <p>A listener added to a {@link KeyedRateLimiter} hears every key's decisions; the {@code rateLimiter} passed
 * is the key's limiter, whose {@link RateLimiter#name() name} is the keyed limiter's name.
 *
 * @see RateLimiter#addListener(RateLimiterListener)
 * @see RateLimiter#onEvent(dev.resilience.core.event.EventConsumer)
 * @since 0.1.0
 */
public interface RateLimiterListener {

    /**
     * Permits were granted (now, or reserved in a later period the caller now waits for).
     *
     * @param rateLimiter the limiter that granted them
     * @param permits how many
     */
    default void onPermitted(RateLimiter rateLimiter, int permits) {
    }

    /**
     * Permits were refused: none could be had within {@code timeout-duration}.
     *
     * @param rateLimiter the limiter that refused them
     * @param permits how many were asked for
     */
    default void onRejected(RateLimiter rateLimiter, int permits) {
    }

    /**
     * A listener that turns this rate limiter's callbacks into {@link dev.resilience.core.event.ResilienceEvent}s for
     * {@code consumer}. It reads the name and clock of the instance each callback names, so one listener can
     * follow every instance of a registry: {@code registry.addListener(RateLimiterListener.events(consumer))}. It builds no
     * event object for routine outcomes when {@link EventConsumer#routineEvents()} says so.
     */
    static RateLimiterListener events(EventConsumer consumer) {
        return new RateLimiterEvents(consumer);
    }
}
