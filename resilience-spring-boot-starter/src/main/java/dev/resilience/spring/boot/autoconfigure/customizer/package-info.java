/**
 * Customizer beans that adjust in code, per pattern, the configurations built from properties:
 * {@link dev.resilience.spring.boot.autoconfigure.customizer.ConfigCustomizer} and one sub-interface per pattern.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.resilience.spring.boot.autoconfigure.customizer;

import org.jspecify.annotations.NullMarked;
