/**
 * Auto-configuration of the patterns' logging:
 * {@link dev.resilience.spring.boot.autoconfigure.logging.ResilienceLoggingAutoConfiguration}.
 *
 * <p>Arguments and return values are non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.resilience.spring.boot.autoconfigure.logging;

import org.jspecify.annotations.NullMarked;
