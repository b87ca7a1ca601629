package dev.resilience.circuitbreaker.spi;

/**
 * The trial permits of one HALF_OPEN period: a counter that is taken down by one per admitted call and never
 * goes below zero.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public interface Permits {

    /** Takes one permit; {@code false} when none is left. Never blocks. */
    boolean tryAcquire();

    /** Gives one permit back (a call that was admitted but not made, or ended with an ignored error). */
    void release();

    /** The permits left. */
    int available();
}
