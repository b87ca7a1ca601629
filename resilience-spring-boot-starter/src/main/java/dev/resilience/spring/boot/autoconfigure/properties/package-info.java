/**
 * The settings of each pattern under {@code resilience.<pattern>.configs.<name>} and
 * {@code resilience.<pattern>.instances.<name>}: one generic
 * {@link dev.resilience.spring.boot.autoconfigure.properties.PatternProperties} group and one settings class per
 * pattern, every value boxed and {@code null} until set (inherited).
 *
 * @since 0.1.0
 */
@NullMarked
package dev.resilience.spring.boot.autoconfigure.properties;

import org.jspecify.annotations.NullMarked;
