package dev.resilience.spring.boot.observation;

import dev.resilience.core.CallRejectedException;

/** Which failures are a pattern refusing the call rather than the call failing: any {@link CallRejectedException}. */
final class Rejections {

    private Rejections() {
    }

    static boolean isRejection(Throwable failure) {
        return failure instanceof CallRejectedException;
    }
}
