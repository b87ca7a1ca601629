package dev.resilience.spring.aop;

import dev.resilience.core.Pipeline;
import dev.resilience.core.AsyncPolicy;
import dev.resilience.core.Policy;
import dev.resilience.spring.boot.pattern.AnnotatedMethod;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Reads the resilience annotations of one bean class and turns each annotated method into a {@link MethodPlan}:
 * each pattern descriptor whose annotation the method carries builds its layer
 * ({@link PatternDescriptor#layer(AnnotatedMethod)}), the layers compose in the configured order, and every
 * problem is collected, so a mistake fails the start with every problem of the bean listed, each naming the
 * class, the method and what was expected. Nothing here knows a pattern by name.
 */
final class MethodPlanner {

    static final boolean REACTOR_PRESENT =
            ClassUtils.isPresent("reactor.core.publisher.Mono", MethodPlanner.class.getClassLoader());

    private final PatternInstances instances;
    private final List<PatternDescriptor<?, ?>> ordered;
    private final Set<Class<? extends Annotation>> annotationTypes;

    MethodPlanner(PatternInstances instances) {
        this.instances = instances;
        this.ordered = inOrder(instances.descriptors(), instances.order());
        this.annotationTypes = annotationTypes(ordered);
    }

    /**
     * The descriptors in the order of composition, outermost first: by the place of their order key in
     * {@code order}; descriptors sharing a place keep their relative order.
     */
    private static List<PatternDescriptor<?, ?>> inOrder(Collection<? extends PatternDescriptor<?, ?>> descriptors,
            List<String> order) {
        List<PatternDescriptor<?, ?>> result = new ArrayList<>(descriptors);
        for (PatternDescriptor<?, ?> descriptor : result) {
            if (descriptor.annotation() != null && !order.contains(descriptor.orderKey())) {
                throw new IllegalStateException("The order of composition " + order + " has no place for pattern '"
                        + descriptor.key() + "' (order key '" + descriptor.orderKey() + "')");
            }
        }
        result.sort(Comparator.comparingInt(descriptor -> order.indexOf(descriptor.orderKey())));
        return List.copyOf(result);
    }

    /** The annotations of {@code descriptors}, the ones that make a bean class annotated. */
    static Set<Class<? extends Annotation>> annotationTypes(Collection<? extends PatternDescriptor<?, ?>> descriptors) {
        Set<Class<? extends Annotation>> types = new LinkedHashSet<>();
        for (PatternDescriptor<?, ?> descriptor : descriptors) {
            if (descriptor.annotation() != null) {
                types.add(descriptor.annotation());
            }
        }
        return Set.copyOf(types);
    }

    /** The annotations that mark a bean class for planning. */
    Set<Class<? extends Annotation>> annotationTypes() {
        return annotationTypes;
    }

    /** Whether {@code type} carries any of {@code annotations}, on the class or on a method. */
    static boolean isAnnotated(Class<?> type, Set<Class<? extends Annotation>> annotations) {
        if (annotations.isEmpty() || !AnnotationUtils.isCandidateClass(type, annotations)) {
            return false;
        }
        for (Class<? extends Annotation> annotation : annotations) {
            if (AnnotatedElementUtils.hasAnnotation(type, annotation)) {
                return true;
            }
        }
        boolean[] found = new boolean[1];
        ReflectionUtils.doWithMethods(type, method -> {
            for (Class<? extends Annotation> annotation : annotations) {
                if (AnnotatedElementUtils.hasAnnotation(method, annotation)) {
                    found[0] = true;
                    return;
                }
            }
        }, method -> !found[0] && method.getDeclaringClass() != Object.class);
        return found[0];
    }

    /**
     * Plans every annotated method of {@code targetClass}.
     *
     * @param interfaceProxy {@code true} when the bean will be a JDK interface proxy, which can only intercept
     *        methods declared by its interfaces
     * @throws InvalidResilienceAnnotationException listing every problem found
     */
    Map<Method, MethodPlan> plan(String beanName, Class<?> targetClass, boolean interfaceProxy) {
        Map<Method, MethodPlan> plans = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        RuntimeException firstFailure = null;
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(targetClass, ReflectionUtils.USER_DECLARED_METHODS)) {
            Annotations annotations = Annotations.of(method, targetClass, annotationTypes);
            if (annotations.isEmpty()) {
                continue;
            }
            List<String> methodProblems = new ArrayList<>();
            checkInterceptable(method, targetClass, annotations, interfaceProxy, methodProblems);
            if (methodProblems.isEmpty()) {
                try {
                    MethodPlan plan = planMethod(method, targetClass, annotations, methodProblems);
                    if (plan != null) {
                        plans.put(method, plan);
                    }
                } catch (RuntimeException e) {
                    // Typically an instance that could not be created from its configuration: keep the exception
                    // itself as the cause, so that its failure analyzer (ResilienceFailureAnalyzer for a bad
                    // property) still reports it, not only its message.
                    methodProblems.add(e.getMessage());
                    if (firstFailure == null) {
                        firstFailure = e;
                    }
                }
            }
            for (String problem : methodProblems) {
                problems.add(describe(targetClass, method) + ": " + problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidResilienceAnnotationException(beanName, targetClass, problems, firstFailure);
        }
        return plans;
    }

    private static void checkInterceptable(Method method, Class<?> targetClass, Annotations annotations,
            boolean interfaceProxy, List<String> problems) {
        int modifiers = method.getModifiers();
        String kind = Modifier.isPrivate(modifiers) ? "private" : Modifier.isStatic(modifiers) ? "static"
                : Modifier.isFinal(modifiers) ? "final" : null;
        if (kind != null) {
            problems.add(annotations.names() + " on a " + kind + " method, which a Spring proxy can never intercept;"
                    + " expected a non-private, non-static, non-final method (or remove the annotation)");
            return;
        }
        if (interfaceProxy && !declaredByInterface(method, targetClass)) {
            problems.add(annotations.names() + " on a method that no interface of the bean declares, so the JDK"
                    + " interface proxy never intercepts it; expected the method in one of "
                    + Arrays.stream(ClassUtils.getAllInterfacesForClass(targetClass)).map(Class::getName).toList()
                    + " or class-based proxies (spring.aop.proxy-target-class=true)");
        }
    }

    private static boolean declaredByInterface(Method method, Class<?> targetClass) {
        for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(targetClass)) {
            if (ClassUtils.hasMethod(type, method.getName(), method.getParameterTypes())) {
                return true;
            }
        }
        return false;
    }

    private @Nullable MethodPlan planMethod(Method method, Class<?> targetClass, Annotations annotations,
            List<String> problems) {
        Class<?> returnType = method.getReturnType();
        boolean stage = CompletionStage.class.isAssignableFrom(returnType);
        boolean reactive = REACTOR_PRESENT && ReactorPlans.isReactive(returnType);
        if (stage && returnType != CompletionStage.class && returnType != CompletableFuture.class) {
            problems.add("returns " + returnType.getName() + "; expected CompletionStage or CompletableFuture"
                    + " (the annotations cannot produce other CompletionStage types)");
        }
        PlannedMethod planned = new PlannedMethod(method, targetClass, annotations, stage || reactive, problems);
        List<PatternInstances.Layer> layers = new ArrayList<>();
        boolean repeatable = false;
        for (PatternDescriptor<?, ?> descriptor : ordered) {
            Class<? extends Annotation> annotation = descriptor.annotation();
            if (annotation == null || annotations.get(annotation) == null) {
                continue;
            }
            AsyncPolicy policy = descriptor.layer(planned);
            if (policy != null) {
                layers.add(new PatternInstances.Layer(descriptor.layerKey(), policy.name(), policy));
                repeatable |= descriptor.repeatsCalls();
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        Pipeline.Builder pipeline = Pipeline.builder().name(describe(targetClass, method));
        for (PatternInstances.Layer layer : instances.decorate(planned.shortName(), List.copyOf(layers))) {
            pipeline.add(layer.policy());
        }
        if (reactive) {
            return ReactorPlans.plan(method, pipeline.buildAsync());
        }
        return stage ? new MethodPlan.Stage(method, pipeline.buildAsync(), repeatable)
                : new MethodPlan.Sync(method, pipeline.build(), repeatable);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static String describe(Class<?> targetClass, Method method) {
        return targetClass.getName() + "#" + method.getName() + "(" + simpleNames(method.getParameterTypes()) + ")";
    }

    private static String simpleNames(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", "));
    }

    /** One method being planned, as the descriptors see it; its problems go to the method's list. */
    private static final class PlannedMethod implements AnnotatedMethod {
        private final Method method;
        private final Class<?> targetClass;
        private final Annotations annotations;
        private final boolean async;
        private final List<String> problems;

        PlannedMethod(Method method, Class<?> targetClass, Annotations annotations, boolean async,
                List<String> problems) {
            this.method = method;
            this.targetClass = targetClass;
            this.annotations = annotations;
            this.async = async;
            this.problems = problems;
        }

        @Override
        public Method method() {
            return method;
        }

        @Override
        public Class<?> targetClass() {
            return targetClass;
        }

        @Override
        public <A extends Annotation> @Nullable A annotation(Class<A> type) {
            return annotations.find(type, method, targetClass);
        }

        @Override
        public boolean isAsync() {
            return async;
        }

        @Override
        public String shortName() {
            return targetClass.getSimpleName() + "#" + method.getName();
        }

        @Override
        public void problem(String problem) {
            problems.add(problem);
        }
    }

    /** The annotations that apply to one method: its own, else its class's (public methods only). */
    static final class Annotations {
        private final Map<Class<? extends Annotation>, Annotation> byType;

        private Annotations(Map<Class<? extends Annotation>, Annotation> byType) {
            this.byType = byType;
        }

        /** The annotations of {@code types} that apply to {@code method}. */
        static Annotations of(Method method, Class<?> targetClass, Collection<Class<? extends Annotation>> types) {
            Map<Class<? extends Annotation>, Annotation> found = new HashMap<>();
            for (Class<? extends Annotation> type : types) {
                Annotation annotation = lookUp(type, method, targetClass);
                if (annotation != null) {
                    found.put(type, annotation);
                }
            }
            return new Annotations(found);
        }

        private static <A extends Annotation> @Nullable A lookUp(Class<A> type, Method method, Class<?> targetClass) {
            A own = AnnotatedElementUtils.findMergedAnnotation(method, type);
            if (own != null) {
                return own;
            }
            // Class-level annotations protect the public business methods, not equals/hashCode/toString.
            boolean inheritsClassLevel = Modifier.isPublic(method.getModifiers())
                    && !Modifier.isStatic(method.getModifiers()) && !ReflectionUtils.isEqualsMethod(method)
                    && !ReflectionUtils.isHashCodeMethod(method) && !ReflectionUtils.isToStringMethod(method);
            if (!inheritsClassLevel) {
                return null;
            }
            Class<?> declaring = AnnotationUtils.findAnnotationDeclaringClass(type, targetClass);
            if (declaring != null && declaring.isAssignableFrom(method.getDeclaringClass())) {
                return AnnotatedElementUtils.findMergedAnnotation(targetClass, type);
            }
            return null;
        }

        boolean isEmpty() {
            return byType.isEmpty();
        }

        <A extends Annotation> @Nullable A get(Class<A> type) {
            return type.cast(byType.get(type));
        }

        /** {@link #get}, or for a type that was not looked up, found now by the same rule. */
        <A extends Annotation> @Nullable A find(Class<A> type, Method method, Class<?> targetClass) {
            return byType.containsKey(type) ? get(type) : lookUp(type, method, targetClass);
        }

        String names() {
            Set<String> names = new java.util.TreeSet<>();
            for (Class<? extends Annotation> type : byType.keySet()) {
                names.add("@" + type.getSimpleName());
            }
            return String.join(" ", names);
        }
    }
}
