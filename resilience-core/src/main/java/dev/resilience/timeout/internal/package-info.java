/**
 * Implementation of {@link dev.resilience.timeout}: not part of the public API, may change in any release.
 */
package dev.resilience.timeout.internal;
