package dev.resilience.spring.boot.observation;

import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.ratelimiter.RateLimitExceededException;

/** Which failures are a pattern refusing the call rather than the call failing. */
final class Rejections {

    private Rejections() {
    }

    static boolean isRejection(Throwable failure) {
        return failure instanceof CallNotPermittedException || failure instanceof BulkheadFullException
                || failure instanceof RateLimitExceededException;
    }
}
