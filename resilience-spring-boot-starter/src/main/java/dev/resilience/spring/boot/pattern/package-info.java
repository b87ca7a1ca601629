/**
 * The extension point through which a pattern joins the Spring integration: one
 * {@link dev.resilience.spring.boot.pattern.PatternDescriptor} bean per pattern.
 */
@NullMarked
package dev.resilience.spring.boot.pattern;

import org.jspecify.annotations.NullMarked;
