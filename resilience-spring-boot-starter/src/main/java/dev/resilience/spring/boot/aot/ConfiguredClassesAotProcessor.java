package dev.resilience.spring.boot.aot;

import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Runtime hints for the classes that {@code resilience.*} properties name, found ahead of time in the
 * environment the application is processed with: exception lists ({@code record-exceptions},
 * {@code ignore-exceptions}, {@code retry-exceptions}, any key ending in {@code -exceptions}) are loaded by
 * name at start-up, and predicates ({@code record-failure-predicate}, {@code result-predicate}, any key ending
 * in {@code -predicate}) are also instantiated. A value that is not a class on the classpath (a bean name, a
 * typo that the start will report) is skipped.
 *
 * <p>Properties that only the deployed environment sets (an environment variable, a config server) are not
 * seen at build time: name such classes in the application's packaged configuration, or register them with a
 * {@code RuntimeHintsRegistrar} of its own.
 *
 * @since 0.1.0
 */
final class ConfiguredClassesAotProcessor implements BeanFactoryInitializationAotProcessor {

    private static final String PREFIX = "resilience.";

    @Override
    public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
            ConfigurableListableBeanFactory beanFactory) {
        if (!beanFactory.containsBean("environment")
                || !(beanFactory.getBean("environment") instanceof ConfigurableEnvironment environment)) {
            return null;
        }
        ClassLoader classLoader = beanFactory.getBeanClassLoader();
        Set<Class<?>> exceptions = new LinkedHashSet<>();
        Set<Class<?>> predicates = new LinkedHashSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String name : enumerable.getPropertyNames()) {
                if (!name.startsWith(PREFIX)) {
                    continue;
                }
                String leaf = name.replaceAll("\\[\\d+]$", "");
                boolean exceptionList = leaf.endsWith("-exceptions") || leaf.endsWith("Exceptions");
                boolean predicate = leaf.endsWith("-predicate") || leaf.endsWith("Predicate");
                if (!exceptionList && !predicate) {
                    continue;
                }
                String value = environment.getProperty(name);
                for (String className : StringUtils.commaDelimitedListToStringArray(value)) {
                    Class<?> type = load(className.trim(), classLoader);
                    if (type != null) {
                        (predicate ? predicates : exceptions).add(type);
                    }
                }
            }
        }
        if (exceptions.isEmpty() && predicates.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            for (Class<?> type : exceptions) {
                generationContext.getRuntimeHints().reflection().registerType(TypeReference.of(type));
            }
            for (Class<?> type : predicates) {
                generationContext.getRuntimeHints().reflection().registerType(TypeReference.of(type),
                        MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
            }
        };
    }

    private static @Nullable Class<?> load(String name, @Nullable ClassLoader classLoader) {
        if (name.isEmpty()) {
            return null;
        }
        try {
            return ClassUtils.forName(name, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
