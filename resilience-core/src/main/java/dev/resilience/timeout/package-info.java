/**
 * Timeouts and deadlines: {@link dev.resilience.timeout.Timeout} bounds how long one call may take, synchronous
 * (on the caller's thread, interrupted at expiry, or handed to a worker) or asynchronous (the returned stage
 * fails at expiry, no thread waits); {@link dev.resilience.timeout.Deadline} shares one absolute budget across
 * the nested calls of a request. Configured by {@link dev.resilience.timeout.TimeoutConfig}, managed by name in a
 * {@link dev.resilience.timeout.TimeoutRegistry}; an expiry is a
 * {@link dev.resilience.timeout.TimeoutExceededException}.
 *
 * <p>Every type here is non-null by default: no method accepts or returns {@code null} unless it says so.
 */
package dev.resilience.timeout;
