package dev.resilience.spring.boot.autoconfigure.actuate;

import java.util.Objects;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.registry.Registry;
import dev.resilience.spring.boot.actuate.PatternHealth;
import dev.resilience.spring.boot.actuate.PatternHealthContributor;
import dev.resilience.spring.boot.pattern.PatternDescriptor;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.core.env.Environment;

/**
 * Registers the health contributor of every pattern descriptor with a health facet in the
 * {@link HealthContributorRegistry} when that registry is created, so that health groups and their membership
 * validation see them like bean contributors. Skips a contributor switched off with
 * {@code management.health.<name in kebab case>.enabled=false} and a name already registered (the
 * application's own contributor).
 */
final class PatternHealthRegistrar implements BeanPostProcessor {

    private final ObjectProvider<PatternDescriptor<?, ?>> descriptors;

    private final BeanFactory beans;

    private final Environment environment;

    PatternHealthRegistrar(ObjectProvider<PatternDescriptor<?, ?>> descriptors, BeanFactory beans,
            Environment environment) {
        this.descriptors = descriptors;
        this.beans = beans;
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HealthContributorRegistry registry) {
            descriptors.orderedStream().forEach(descriptor -> register(registry, descriptor));
        }
        return bean;
    }

    private <I extends PatternInstance<?, L>, L> void register(HealthContributorRegistry contributors,
            PatternDescriptor<I, L> descriptor) {
        Registry<? extends I, ?, L> registry = descriptor.registry();
        PatternHealth<I> health = registry == null ? null : descriptor.health(beans);
        if (health == null) {
            return;
        }
        String name = Objects.requireNonNull(health.contributorName(), "contributorName");
        if (isEnabled(name) && contributors.getContributor(name) == null) {
            contributors.registerContributor(name, new PatternHealthContributor<>(registry, health));
        }
    }

    /** As {@code @ConditionalOnEnabledHealthIndicator} decides: {@code management.health.<name>.enabled}. */
    private boolean isEnabled(String name) {
        boolean byDefault = environment.getProperty("management.health.defaults.enabled", Boolean.class, true);
        return environment.getProperty("management.health." + kebabCase(name) + ".enabled", Boolean.class,
                byDefault);
    }

    static String kebabCase(String name) {
        StringBuilder kebab = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }
}
