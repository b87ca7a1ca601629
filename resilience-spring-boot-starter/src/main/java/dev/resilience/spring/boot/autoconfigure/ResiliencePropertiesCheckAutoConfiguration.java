package dev.resilience.spring.boot.autoconfigure;

import dev.resilience.core.Policy;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * Strict properties: a key under {@code resilience} that nothing reads stops the start, naming its full path
 * and the nearest valid key, or with {@code resilience.fail-on-unknown-properties=false} logs one warning per
 * key. The valid keys are those the {@code @ConfigurationProperties} classes bind (and the switches the
 * configuration metadata declares); see {@code UnknownPropertiesCheck}.
 *
 * <p>Bean: {@code resilienceUnknownPropertiesCheck}, a {@code ConfigurationPropertiesBindHandlerAdvisor} that
 * follows every binding of the context and checks once every singleton exists.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(Policy.class)
public final class ResiliencePropertiesCheckAutoConfiguration {

    /** Static: the binder asks for advisors when it binds the first properties bean, before most configurations. */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static UnknownPropertiesCheck resilienceUnknownPropertiesCheck() {
        return new UnknownPropertiesCheck();
    }
}
