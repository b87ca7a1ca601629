package dev.resilience.spring.aop;

/**
 * Told when an annotated method's fallback ran, so metrics ({@code resilience.fallback.calls}, tag
 * {@code method} = {@code SimpleClassName#method}) and events can follow. Called only on the failure path.
 */
public interface FallbackObserver {

    FallbackObserver NONE = new FallbackObserver() {
    };

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
