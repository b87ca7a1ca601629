package dev.resilience.spring.boot.autoconfigure;

import dev.resilience.core.Policy;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Listener beans are attached without code: a bean implementing a pattern's listener interface (the
 * {@code listenerType()} of its {@code PatternDescriptor}, such as {@code CircuitBreakerListener}), a
 * {@code RegistryListener} or an {@code EventConsumer} is added to the registries, registry-wide, once every
 * singleton exists (so instances created later are heard too). {@code FallbackListener} beans reach the
 * {@code @Fallback} layers of annotated methods.
 *
 * <p>Bean: {@code resilienceListenerBeans}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class)
@ConditionalOnClass(Policy.class)
public final class ResilienceListenersAutoConfiguration {

    @Bean
    ListenerBeans resilienceListenerBeans() {
        return new ListenerBeans();
    }
}
