/**
 * Implementation of {@link dev.resilience.bulkhead}: not part of the public API, may change in any release.
 */
package dev.resilience.bulkhead.internal;
