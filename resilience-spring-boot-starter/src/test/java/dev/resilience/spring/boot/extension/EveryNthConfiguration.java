package dev.resilience.spring.boot.extension;

import dev.resilience.spring.boot.autoconfigure.PatternConfigurations;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two beans that add the every-nth pattern to an application: its descriptor and its registry. */
@Configuration(proxyBeanMethods = false)
public class EveryNthConfiguration {

    /** Static and light: the annotation post-processor reads the descriptors before most beans exist. */
    @Bean
    static EveryNthDescriptor everyNthPatternDescriptor(BeanFactory beanFactory) {
        return new EveryNthDescriptor(beanFactory);
    }

    /** Built from {@code resilience.every-nth}: validated, strictly checked, refreshed in place. */
    @Bean
    EveryNthRegistry everyNthRegistry(PatternConfigurations configurations) {
        return configurations.bind(EveryNthDescriptor.CONFIGURATION, EveryNthRegistry::new);
    }
}
