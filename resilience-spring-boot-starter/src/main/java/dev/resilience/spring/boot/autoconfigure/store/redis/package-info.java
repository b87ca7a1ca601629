/**
 * Auto-configuration of the Redis store ({@code store: redis}), when resilience-redis is on the classpath.
 */
@NullMarked
package dev.resilience.spring.boot.autoconfigure.store.redis;

import org.jspecify.annotations.NullMarked;
