/**
 * Internal: how properties become core configurations (one generic resolver, one mapping per pattern), runtime
 * refresh, context propagation and the Spring Cloud listener. Not part of the public API; may change at any
 * time.
 */
@NullMarked
package dev.resilience.spring.boot.autoconfigure.internal;

import org.jspecify.annotations.NullMarked;
