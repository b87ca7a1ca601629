package dev.resilience.spring.aop;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.RateLimit;
import dev.resilience.spring.boot.pattern.PatternDescriptor;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Runtime hints for what the annotation support reaches reflectively in each annotated bean, found ahead of
 * time (Spring AOT, {@code process-aot}) from the bean definitions: so a native image can plan the same
 * methods and call the same fallbacks as the JVM.
 *
 * <ul>
 *   <li>each annotated bean class, its superclasses and interfaces: their declared and public methods may be
 *       introspected (the planner reads the annotations of every method);
 *   <li>every method a {@code @Fallback} names, in the bean's class hierarchy or in the other bean of a
 *       {@code beanName::method} reference: invocable (fallbacks are called through method handles made from
 *       the reflected methods);
 *   <li>the parameter types of a {@code @RateLimit} whose {@code key} is a SpEL expression over them (for
 *       example {@code #request.tenant}): their public methods and fields, which SpEL reads reflectively;
 *   <li>with {@code spring.aop.proxy-target-class=false}, the JDK proxy of the bean's interfaces.
 * </ul>
 * An HTTP interface client is a bean of its interface type: the interface's methods and {@code default}
 * fallbacks get the same hints (Spring registers the client's JDK proxy itself).
 * Registered in {@code META-INF/spring/aot.factories}. Nothing here runs in a normal start.
 */
final class ResilienceAnnotationsAotProcessor implements BeanFactoryInitializationAotProcessor {

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        // The descriptor beans are light (their registries are looked up only when asked).
        Set<Class<? extends Annotation>> annotationTypes = MethodPlanner.annotationTypes(
                beanFactory.getBeanProvider(PatternDescriptor.class).orderedStream()
                        .<PatternDescriptor<?, ?>>map(descriptor -> descriptor).toList());
        Map<String, Class<?>> annotated = new LinkedHashMap<>();
        for (String beanName : beanFactory.getBeanDefinitionNames()) {
            Class<?> type = beanFactory.getType(beanName, false);
            if (type == null) {
                continue;
            }
            type = ClassUtils.getUserClass(type);
            if (MethodPlanner.isAnnotated(type, annotationTypes)) {
                annotated.put(beanName, type);
            }
        }
        if (annotated.isEmpty()) {
            return null;
        }
        Environment environment = beanFactory.containsBean("environment")
                ? beanFactory.getBean("environment", Environment.class) : null;
        boolean interfaceProxies = environment != null
                && !environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true);
        // Resolved now: the contribution runs later, when the other beans' types may no longer be looked up.
        Map<String, Class<?>> otherBeans = new LinkedHashMap<>();
        for (Class<?> type : annotated.values()) {
            forEachFallbackReference(type, annotationTypes, reference -> {
                int separator = reference.indexOf("::");
                if (separator > 0 && beanFactory.containsBean(reference.substring(0, separator))) {
                    Class<?> other = beanFactory.getType(reference.substring(0, separator), false);
                    if (other != null) {
                        otherBeans.put(reference.substring(0, separator), ClassUtils.getUserClass(other));
                    }
                }
            });
        }
        return (generationContext, code) -> {
            RuntimeHints hints = generationContext.getRuntimeHints();
            for (Class<?> type : annotated.values()) {
                registerHints(type, annotationTypes, otherBeans, interfaceProxies, hints);
            }
        };
    }

    static void registerHints(Class<?> type, Set<Class<? extends Annotation>> annotationTypes,
            Map<String, Class<?>> otherBeans, boolean interfaceProxy, RuntimeHints hints) {
        introspectable(type, hints);
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
            MethodPlanner.Annotations annotations = MethodPlanner.Annotations.of(method, type, annotationTypes);
            if (annotations.isEmpty()) {
                continue;
            }
            Fallback fallback = annotations.get(Fallback.class);
            if (fallback != null) {
                for (String reference : fallback.method()) {
                    registerFallback(reference.trim(), type, otherBeans, hints);
                }
            }
            RateLimit rateLimit = annotations.get(RateLimit.class);
            if (rateLimit != null && !rateLimit.key().isBlank()) {
                for (Class<?> parameter : method.getParameterTypes()) {
                    if (!parameter.isPrimitive() && !parameter.getName().startsWith("java.")) {
                        hints.reflection().registerType(parameter, MemberCategory.INVOKE_PUBLIC_METHODS,
                                MemberCategory.ACCESS_PUBLIC_FIELDS);
                    }
                }
            }
        }
        if (interfaceProxy && !type.isInterface()) {
            Class<?>[] interfaces = ClassUtils.getAllInterfacesForClass(type);
            if (interfaces.length > 0) {
                hints.proxies().registerJdkProxy(AopProxyUtils.completeJdkProxyInterfaces(interfaces));
            }
        }
    }

    private static void registerFallback(String reference, Class<?> type, Map<String, Class<?>> otherBeans,
            RuntimeHints hints) {
        Class<?> owner = type;
        String name = reference;
        int separator = reference.indexOf("::");
        if (separator >= 0) {
            owner = otherBeans.get(reference.substring(0, separator));
            name = reference.substring(separator + 2);
            if (owner == null) {
                return; // the start fails anyway, with the planner's message
            }
            introspectable(owner, hints);
        }
        for (Class<?> current = owner; current != null && current != Object.class; current = current.getSuperclass()) {
            for (Method candidate : current.getDeclaredMethods()) {
                if (candidate.getName().equals(name)) {
                    hints.reflection().registerMethod(candidate, ExecutableMode.INVOKE);
                }
            }
        }
    }

    private static void introspectable(Class<?> type, RuntimeHints hints) {
        Set<Class<?>> types = new LinkedHashSet<>();
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            types.add(current);
        }
        types.addAll(ClassUtils.getAllInterfacesForClassAsSet(type));
        for (Class<?> each : types) {
            hints.reflection().registerType(each, MemberCategory.INTROSPECT_DECLARED_METHODS,
                    MemberCategory.INTROSPECT_PUBLIC_METHODS);
        }
    }

    private static void forEachFallbackReference(Class<?> type, Set<Class<? extends Annotation>> annotationTypes,
            java.util.function.Consumer<String> action) {
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
            Fallback fallback = MethodPlanner.Annotations.of(method, type, annotationTypes).get(Fallback.class);
            if (fallback != null) {
                for (String reference : fallback.method()) {
                    action.accept(reference.trim());
                }
            }
        }
    }
}
