/**
 * Ahead-of-time processing (Spring AOT, native images): the runtime hints for what the starter reaches
 * reflectively. {@link dev.resilience.spring.boot.aot.ResilienceRuntimeHints} covers what every application
 * needs; the AOT processors registered next to it in {@code META-INF/spring/aot.factories} cover what the
 * application's beans and properties name.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.resilience.spring.boot.aot;

import org.jspecify.annotations.NullMarked;
