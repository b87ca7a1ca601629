/**
 * Implementation of the rate limiter: the lock-free in-memory store, the plain and keyed limiters and their
 * registries. Not part of the public API; may change without notice. Non-null by default.
 */
package dev.resilience.ratelimiter.internal;
