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
 * Turns the patterns' annotations on Spring beans ({@code @CircuitBreaker}, {@code @Retry} and the others of
 * {@code dev.resilience.annotation}, and the annotation of every other
 * {@link dev.resilience.spring.boot.pattern.PatternDescriptor} bean) into protected calls: one bean
 * post-processor plans every annotated method once, when its bean is created, with the descriptors (which
 * build each layer from their registries), and advises the bean with one interceptor. The order of
 * composition comes from the descriptors' default positions and {@code resilience.aspect-order}.
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
