/**
 * Auto-configuration of the {@code jdbc} store ({@code resilience-jdbc}): circuit breakers and rate limiters with
 * {@code store: jdbc} share their state through the application's {@code DataSource}.
 */
@NullMarked
package dev.resilience.spring.boot.autoconfigure.store.jdbc;

import org.jspecify.annotations.NullMarked;
