package dev.resilience.spring.boot.autoconfigure;

import dev.resilience.core.Policy;
import dev.resilience.spring.aop.ResilienceAnnotationBeanPostProcessor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * Turns {@code @CircuitBreaker}, {@code @Retry}, {@code @Bulkhead}, {@code @RateLimit}, {@code @Timeout} and
 * {@code @Fallback} on Spring beans into protected calls: one bean post-processor plans every annotated method
 * once, when its bean is created, over the registries of {@link ResilienceAutoConfiguration}, and advises the
 * bean with one interceptor. The order of composition comes from {@code resilience.aspect-order}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class)
@ConditionalOnClass({Policy.class, ProxyFactory.class})
public final class ResilienceAnnotationsAutoConfiguration {

    /** Static, as bean post-processors should be, so this configuration is not created early. */
    @Bean
    @ConditionalOnMissingBean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static ResilienceAnnotationBeanPostProcessor resilienceAnnotationBeanPostProcessor() {
        return new ResilienceAnnotationBeanPostProcessor(RegistryPatternInstances::new);
    }
}
