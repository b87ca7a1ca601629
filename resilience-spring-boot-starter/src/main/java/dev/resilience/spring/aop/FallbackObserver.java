package dev.resilience.spring.aop;

/**
 * Told when an annotated method's fallback ran, so metrics ({@code resilience.fallback.calls}, tag
 * {@code method} = {@code SimpleClassName#method}) and events can follow. Called only on the failure path.
 *
 * <p>{@link #forMethod} is called once per annotated method when its bean is planned; the observer it returns
 * is the one that method's calls notify. That lets an observer prepare per-method state (a metrics observer
 * registers its counters there, so they exist from start-up and no look-up happens per call).
 */
public interface FallbackObserver {

    FallbackObserver NONE = new FallbackObserver() {
    };

    /**
     * The observer to notify for calls of one annotated method; called once, when the method is planned.
     * The default returns this observer.
     *
     * @param protectedMethod {@code SimpleClassName#method} of the annotated method
     */
    default FallbackObserver forMethod(String protectedMethod) {
        return this;
    }

    /**
     * A fallback method produced the result of a call of {@code protectedMethod}.
     *
     * @param protectedMethod {@code SimpleClassName#method} of the annotated method
     * @param fallbackMethod the fallback that succeeded, e.g. {@code SimpleClassName#fallbackName}
     * @param failure the failure that triggered it
     */
    default void onFallbackSucceeded(String protectedMethod, String fallbackMethod, Throwable failure) {
    }

    /** Every fallback of a call of {@code protectedMethod} failed; the original failure is thrown. */
    default void onFallbackFailed(String protectedMethod, Throwable failure) {
    }
}
