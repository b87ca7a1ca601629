/**
 * Spring Boot auto-configuration of the pattern registries from {@code resilience.*} properties.
 *
 * <p>Public API: {@link dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration} (listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}),
 * {@link dev.resilience.spring.boot.autoconfigure.ResilienceProperties},
 * {@link dev.resilience.spring.boot.autoconfigure.AspectOrder},
 * {@link dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationRefresher} and
 * {@link dev.resilience.spring.boot.autoconfigure.ResilienceConfigurationException}; the settings of each pattern
 * are in {@code ...autoconfigure.properties}, the customizer interfaces in {@code ...autoconfigure.customizer}.
 * Everything in {@code ...autoconfigure.internal} is internal.
 *
 * <p>Arguments and return values are non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.resilience.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
