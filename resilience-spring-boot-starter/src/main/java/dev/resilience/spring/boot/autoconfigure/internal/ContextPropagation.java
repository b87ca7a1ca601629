package dev.resilience.spring.boot.autoconfigure.internal;

import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.retry.RetryConfig;
import dev.resilience.timeout.TimeoutConfig;

/**
 * Makes the configurations built from properties carry the caller's context (MDC, security context, tracing:
 * whatever is registered with Micrometer's context-propagation library) to the threads that run the call: a
 * thread-pool bulkhead's pool, a timeout's worker, a retry's scheduler. Applied last, after the customizers, to
 * every config and instance, and idempotent, so a level inheriting from an adjusted parent is left alone.
 *
 * <p>This interface names no context-propagation class, so the auto-configuration can refer to it whether the
 * library is present or not; {@link MicrometerContextPropagation} is the one implementation and is only
 * loaded when the library is present. Internal: not part of the public API.
 */
public interface ContextPropagation {

    /** The retry config with its scheduler wrapped, so that a scheduled retry runs in the caller's context. */
    RetryConfig retry(RetryConfig config);

    /** The timeout config with a task decorator that runs the synchronous worker in the caller's context. */
    TimeoutConfig timeout(TimeoutConfig config);

    /** The thread-pool bulkhead config with a task decorator that runs the call in the caller's context. */
    ThreadPoolBulkheadConfig threadPoolBulkhead(ThreadPoolBulkheadConfig config);
}
