package dev.resilience.spring.aop;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.Fallback;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import dev.resilience.annotation.Timeout;
import dev.resilience.core.ExceptionClassifier;
import dev.resilience.core.Pipeline;
import dev.resilience.core.AsyncPolicy;
import dev.resilience.core.Policy;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads the resilience annotations of one bean class and turns each annotated method into a {@link MethodPlan}:
 * the instances its annotations name, composed in the configured order, fallback methods resolved to handles,
 * {@code @RateLimit} keys parsed. All checks the contract asks for happen here, so a mistake fails the start
 * with every problem of the bean listed, each naming the class, the method and what was expected.
 */
final class MethodPlanner {

    static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(
            Fallback.class, Retry.class, CircuitBreaker.class, RateLimit.class, Timeout.class, Bulkhead.class);

    private static final boolean REACTOR_PRESENT =
            ClassUtils.isPresent("reactor.core.publisher.Mono", MethodPlanner.class.getClassLoader());

    private final PatternInstances instances;
    private final BeanFactory beanFactory;

    MethodPlanner(PatternInstances instances, BeanFactory beanFactory) {
        this.instances = instances;
        this.beanFactory = beanFactory;
    }

    /** Whether {@code type} carries any resilience annotation, on the class or on a method. */
    static boolean isAnnotated(Class<?> type) {
        if (!AnnotationUtils.isCandidateClass(type, ANNOTATIONS)) {
            return false;
        }
        for (Class<? extends Annotation> annotation : ANNOTATIONS) {
            if (AnnotatedElementUtils.hasAnnotation(type, annotation)) {
                return true;
            }
        }
        boolean[] found = new boolean[1];
        ReflectionUtils.doWithMethods(type, method -> {
            for (Class<? extends Annotation> annotation : ANNOTATIONS) {
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
            Annotations annotations = Annotations.of(method, targetClass);
            if (annotations.isEmpty()) {
                continue;
            }
            List<String> methodProblems = new ArrayList<>();
            checkInterceptable(method, targetClass, annotations, interfaceProxy, methodProblems);
            if (methodProblems.isEmpty()) {
                try {
                    plans.put(method, planMethod(method, targetClass, annotations, methodProblems));
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

    private MethodPlan planMethod(Method method, Class<?> targetClass, Annotations annotations, List<String> problems) {
        Class<?> returnType = method.getReturnType();
        boolean stage = CompletionStage.class.isAssignableFrom(returnType);
        boolean reactive = REACTOR_PRESENT && ReactorPlans.isReactive(returnType);
        if (stage && returnType != CompletionStage.class && returnType != CompletableFuture.class) {
            problems.add("returns " + returnType.getName() + "; expected CompletionStage or CompletableFuture"
                    + " (the annotations cannot produce other CompletionStage types)");
        }
        Bulkhead bulkhead = annotations.get(Bulkhead.class);
        if (bulkhead != null && bulkhead.type() == Bulkhead.Type.THREAD_POOL && !stage) {
            problems.add("@Bulkhead(type = THREAD_POOL) requires a CompletionStage or CompletableFuture return"
                    + " type, but the method returns " + returnType.getName());
        }
        if (hasBlankName(annotations, problems)) {
            // Not planned further: a layer would create an instance named "" before the start fails.
            return null;
        }
        List<PatternInstances.Layer> layers = new ArrayList<>();
        for (String key : instances.order()) {
            AsyncPolicy policy = layer(key, method, targetClass, annotations, stage || reactive, problems);
            if (policy != null) {
                // Either bulkhead key places the method's @Bulkhead; its type says which kind it is.
                String pattern = !key.endsWith("bulkhead") ? key
                        : bulkhead.type() == Bulkhead.Type.THREAD_POOL ? "thread-pool-bulkhead" : "bulkhead";
                layers.add(new PatternInstances.Layer(pattern, policy.name(), policy));
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        Pipeline.Builder pipeline = Pipeline.builder().name(describe(targetClass, method));
        for (PatternInstances.Layer layer : instances.decorate(targetClass.getSimpleName() + "#" + method.getName(),
                List.copyOf(layers))) {
            pipeline.add(layer.policy());
        }
        boolean repeatable = annotations.get(Retry.class) != null;
        if (reactive) {
            return ReactorPlans.plan(method, pipeline.buildAsync());
        }
        return stage ? new MethodPlan.Stage(method, pipeline.buildAsync(), repeatable)
                : new MethodPlan.Sync(method, pipeline.build(), repeatable);
    }

    /**
     * A blank {@code name} would silently share one unconfigurable instance (named "") between every method
     * that has it: a mistake, reported like the others.
     */
    private static boolean hasBlankName(Annotations annotations, List<String> problems) {
        int before = problems.size();
        blankName(annotations.get(Retry.class), Retry::name, "@Retry", "retry", problems);
        blankName(annotations.get(CircuitBreaker.class), CircuitBreaker::name, "@CircuitBreaker", "circuit-breaker",
                problems);
        blankName(annotations.get(RateLimit.class), RateLimit::name, "@RateLimit", "rate-limiter", problems);
        blankName(annotations.get(Timeout.class), Timeout::name, "@Timeout", "timeout", problems);
        blankName(annotations.get(Bulkhead.class), Bulkhead::name, "@Bulkhead", "bulkhead", problems);
        return problems.size() > before;
    }

    private static <A> void blankName(A annotation, java.util.function.Function<A, String> name, String label,
            String pattern, List<String> problems) {
        if (annotation != null && name.apply(annotation).isBlank()) {
            problems.add(label + " has a blank name; expected the name of an instance, as in 'resilience." + pattern
                    + ".instances.<name>'");
        }
    }

    private AsyncPolicy layer(String key, Method method, Class<?> targetClass, Annotations annotations, boolean async,
            List<String> problems) {
        switch (key) {
            case "fallback" -> {
                Fallback fallback = annotations.get(Fallback.class);
                return fallback == null ? null : fallbackPolicy(fallback, method, targetClass, async,
                        annotations.get(Timeout.class) != null, problems);
            }
            case "retry" -> {
                Retry retry = annotations.get(Retry.class);
                return retry == null ? null : instances.retry(retry.name());
            }
            case "circuit-breaker" -> {
                CircuitBreaker breaker = annotations.get(CircuitBreaker.class);
                return breaker == null ? null : instances.circuitBreaker(breaker.name());
            }
            case "rate-limiter" -> {
                RateLimit rateLimit = annotations.get(RateLimit.class);
                if (rateLimit == null) {
                    return null;
                }
                if (rateLimit.key().isBlank()) {
                    return instances.rateLimiter(rateLimit.name());
                }
                try {
                    KeyExpression keyExpression = KeyExpression.parse(rateLimit.key(), method);
                    return new KeyedRateLimitPolicy(rateLimit.name(), instances.keyedRateLimiter(rateLimit.name()),
                            keyExpression);
                } catch (IllegalArgumentException e) {
                    problems.add("@RateLimit(name = \"" + rateLimit.name() + "\") " + e.getMessage());
                    return null;
                }
            }
            case "timeout" -> {
                Timeout timeout = annotations.get(Timeout.class);
                return timeout == null ? null : instances.timeout(timeout.name());
            }
            case "bulkhead", "thread-pool-bulkhead" -> {
                Bulkhead bulkhead = annotations.get(Bulkhead.class);
                if (bulkhead == null || (key.equals("thread-pool-bulkhead") && instances.order().contains("bulkhead"))) {
                    return null;
                }
                return bulkhead.type() == Bulkhead.Type.THREAD_POOL
                        ? instances.threadPoolBulkhead(bulkhead.name())
                        : instances.bulkhead(bulkhead.name());
            }
            default -> throw new IllegalStateException("Unknown pattern key in the order: " + key);
        }
    }

    // ---------------------------------------------------------------------------------------------- fallbacks

    private Policy fallbackPolicy(Fallback fallback, Method method, Class<?> targetClass, boolean async,
            boolean timeout, List<String> problems) {
        if (fallback.method().length == 0) {
            problems.add("@Fallback names no method; expected at least one fallback method name");
            return null;
        }
        List<FallbackMethod> resolved = new ArrayList<>();
        for (String name : fallback.method()) {
            FallbackMethod fallbackMethod = resolveFallback(name.trim(), method, targetClass, async, timeout,
                    problems);
            if (fallbackMethod != null) {
                resolved.add(fallbackMethod);
            }
        }
        ExceptionClassifier classifier = ExceptionClassifier.of(List.of(fallback.applyOn()), List.of(fallback.ignore()), null);
        String protectedMethod = targetClass.getSimpleName() + "#" + method.getName();
        FallbackPolicy policy = new FallbackPolicy(protectedMethod, resolved.toArray(FallbackMethod[]::new),
                classifier, instances.fallbackObserver().forMethod(protectedMethod));
        instances.fallbackListeners().forEach(policy::addListener);
        return policy;
    }

    private FallbackMethod resolveFallback(String reference, Method method, Class<?> targetClass, boolean async,
            boolean timeout, List<String> problems) {
        Class<?> owner = targetClass;
        String methodName = reference;
        Supplier<Object> receiver = null;
        int separator = reference.indexOf("::");
        if (separator >= 0) {
            String beanName = reference.substring(0, separator);
            methodName = reference.substring(separator + 2);
            if (!beanFactory.containsBean(beanName)) {
                problems.add("@Fallback method '" + reference + "' refers to bean '" + beanName
                        + "', but there is no such bean");
                return null;
            }
            owner = ClassUtils.getUserClass(beanFactory.getType(beanName));
            receiver = new LazyBean(beanFactory, beanName, owner);
        }
        Class<?>[] parameters = method.getParameterTypes();
        List<Method> named = new ArrayList<>();
        List<Method> fitting = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Class<?> type = owner; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method candidate : type.getDeclaredMethods()) {
                if (!candidate.getName().equals(methodName) || candidate.isBridge() || candidate.isSynthetic()) {
                    continue;
                }
                named.add(candidate);
                String reason = misfit(candidate, method, parameters, async);
                if (reason == null) {
                    if (fitting.stream().noneMatch(f -> Arrays.equals(f.getParameterTypes(), candidate.getParameterTypes()))) {
                        fitting.add(candidate);
                    }
                } else {
                    reasons.add(describe(candidate) + " " + reason);
                }
            }
        }
        if (!fitting.isEmpty()) {
            int before = problems.size();
            for (Method candidate : fitting) {
                String never = neverChosen(candidate, parameters.length, method, targetClass, async, timeout);
                if (never != null) {
                    problems.add("@Fallback method '" + reference + "' has an overload " + describe(candidate)
                            + " that can never be chosen: " + never);
                }
            }
            if (problems.size() > before) {
                return null;
            }
            String description = owner.getSimpleName() + "#" + methodName;
            // An interface as the owner: the bean is a proxy without a target, planned from its interface.
            return owner.isInterface()
                    ? FallbackMethod.ofInterface(description, receiver, fitting, parameters.length)
                    : FallbackMethod.of(description, receiver, fitting, parameters.length);
        }
        String expected = "expected " + owner.getName() + "#" + methodName + "(" + simpleNames(parameters)
                + (parameters.length == 0 ? "" : ", ") + "[Throwable or a subtype]) returning "
                + expectedReturn(method, async);
        if (named.isEmpty()) {
            problems.add("@Fallback method '" + reference + "' does not exist; " + expected);
        } else {
            problems.add("@Fallback method '" + reference + "' does not fit: " + String.join("; ", reasons) + "; "
                    + expected);
        }
        return null;
    }

    /**
     * Why the fitting {@code candidate} would never be called, or {@code null}: its exception parameter is a
     * checked exception that cannot reach it. A synchronous method fails only with what it declares, unchecked
     * exceptions and the patterns' rejections (all unchecked); an asynchronous one may complete with anything,
     * except that under {@code @Timeout} a {@code java.util.concurrent.TimeoutException} parameter is
     * resilience4j's habit (its time limiter throws one) and ours never does. Kotlin declares no checked
     * exceptions, so its classes are not checked.
     */
    private static String neverChosen(Method candidate, int argumentCount, Method method, Class<?> targetClass,
            boolean async, boolean timeout) {
        Class<?>[] types = candidate.getParameterTypes();
        if (types.length == argumentCount || isKotlin(targetClass)) {
            return null;
        }
        Class<?> exception = types[argumentCount];
        boolean checked = !RuntimeException.class.isAssignableFrom(exception)
                && !Error.class.isAssignableFrom(exception) && !exception.isAssignableFrom(RuntimeException.class);
        boolean timeoutException = exception == java.util.concurrent.TimeoutException.class;
        String timeoutHint = "; @Timeout throws the unchecked dev.resilience.timeout.TimeoutExceededException (not"
                + " java.util.concurrent.TimeoutException, which resilience4j's time limiter throws): expected the"
                + " parameter to be TimeoutExceededException";
        if (async) {
            return timeout && timeoutException ? "under @Timeout the call times out with TimeoutExceededException"
                    + timeoutHint : null;
        }
        if (!checked) {
            return null;
        }
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.isAssignableFrom(exception) || exception.isAssignableFrom(declared)) {
                return null;
            }
        }
        String declares = method.getExceptionTypes().length == 0 ? "declares no checked exception"
                : "declares only " + simpleNames(method.getExceptionTypes());
        return exception.getSimpleName() + " is a checked exception, " + describe(targetClass, method) + " "
                + declares + " and no resilience pattern throws one (their exceptions are unchecked)"
                + (timeoutException ? timeoutHint
                        : "; expected an exception parameter the call can fail with (an unchecked exception or one"
                                + " it declares), or remove the overload");
    }

    private static boolean isKotlin(Class<?> type) {
        for (Annotation annotation : type.getDeclaredAnnotations()) {
            if (annotation.annotationType().getName().equals("kotlin.Metadata")) {
                return true;
            }
        }
        return false;
    }

    /** Why {@code candidate} cannot be a fallback of {@code method}, or {@code null} when it can. */
    private static String misfit(Method candidate, Method method, Class<?>[] parameters, boolean async) {
        Class<?>[] types = candidate.getParameterTypes();
        boolean sameParameters = types.length >= parameters.length
                && Arrays.equals(Arrays.copyOf(types, parameters.length), parameters);
        if (!sameParameters || types.length > parameters.length + 1) {
            return "has parameters (" + simpleNames(types) + ")";
        }
        if (types.length == parameters.length + 1 && !Throwable.class.isAssignableFrom(types[parameters.length])) {
            return "has a last parameter of type " + types[parameters.length].getSimpleName()
                    + ", which is not a Throwable";
        }
        if (!returnFits(candidate, method, async)) {
            return "returns " + candidate.getGenericReturnType().getTypeName();
        }
        return null;
    }

    private static boolean returnFits(Method candidate, Method method, boolean async) {
        ResolvableType expected = ResolvableType.forMethodReturnType(method);
        ResolvableType actual = ResolvableType.forMethodReturnType(candidate);
        if (method.getReturnType() == void.class) {
            return candidate.getReturnType() == void.class;
        }
        if (ClassUtils.isAssignable(method.getReturnType(), candidate.getReturnType()) && expected.isAssignableFrom(actual)) {
            return true;
        }
        if (!async) {
            return false;
        }
        // An asynchronous method's fallback may return the value itself, or another stage/publisher of it.
        ResolvableType value = expected.getGeneric(0);
        Class<?> valueClass = value.resolve(Object.class);
        if (candidate.getReturnType() != void.class && ClassUtils.isAssignable(valueClass, candidate.getReturnType())) {
            return value.isAssignableFrom(actual) || value.resolve() == null;
        }
        boolean publisherOrStage = CompletionStage.class.isAssignableFrom(candidate.getReturnType())
                || (REACTOR_PRESENT && ReactorPlans.isReactive(candidate.getReturnType()));
        if (publisherOrStage) {
            ResolvableType candidateValue = actual.getGeneric(0);
            return candidateValue.resolve() == null || value.isAssignableFrom(candidateValue);
        }
        return false;
    }

    private static String expectedReturn(Method method, boolean async) {
        String type = method.getGenericReturnType().getTypeName();
        if (!async) {
            return method.getReturnType() == void.class ? "void" : "a type assignable to " + type;
        }
        return type + " or its value type " + ResolvableType.forMethodReturnType(method).getGeneric(0);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static String describe(Class<?> targetClass, Method method) {
        return targetClass.getName() + "#" + method.getName() + "(" + simpleNames(method.getParameterTypes()) + ")";
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "#" + method.getName() + "("
                + simpleNames(method.getParameterTypes()) + ")";
    }

    private static String simpleNames(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", "));
    }

    /** The annotations that apply to one method: its own, else its class's (public methods only). */
    static final class Annotations {
        private final Map<Class<? extends Annotation>, Annotation> byType;

        private Annotations(Map<Class<? extends Annotation>, Annotation> byType) {
            this.byType = byType;
        }

        static Annotations of(Method method, Class<?> targetClass) {
            Map<Class<? extends Annotation>, Annotation> found = new HashMap<>();
            // Class-level annotations protect the public business methods, not equals/hashCode/toString.
            boolean inheritsClassLevel = Modifier.isPublic(method.getModifiers())
                    && !Modifier.isStatic(method.getModifiers()) && !ReflectionUtils.isEqualsMethod(method)
                    && !ReflectionUtils.isHashCodeMethod(method) && !ReflectionUtils.isToStringMethod(method);
            for (Class<? extends Annotation> type : ANNOTATIONS) {
                Annotation own = AnnotatedElementUtils.findMergedAnnotation(method, type);
                if (own != null) {
                    found.put(type, own);
                    continue;
                }
                if (!inheritsClassLevel) {
                    continue;
                }
                Class<?> declaring = AnnotationUtils.findAnnotationDeclaringClass(type, targetClass);
                if (declaring != null && declaring.isAssignableFrom(method.getDeclaringClass())) {
                    found.put(type, AnnotatedElementUtils.findMergedAnnotation(targetClass, type));
                }
            }
            return new Annotations(found);
        }

        boolean isEmpty() {
            return byType.isEmpty();
        }

        <A extends Annotation> A get(Class<A> type) {
            return type.cast(byType.get(type));
        }

        String names() {
            Set<String> names = new java.util.TreeSet<>();
            for (Class<? extends Annotation> type : byType.keySet()) {
                names.add("@" + type.getSimpleName());
            }
            return String.join(" ", names);
        }
    }

    /** Another bean, fetched on first use: at planning time it may not be created yet. */
    private static final class LazyBean implements Supplier<Object> {
        private final BeanFactory beanFactory;
        private final String beanName;
        private final Class<?> owner;
        private volatile Object bean;

        LazyBean(BeanFactory beanFactory, String beanName, Class<?> owner) {
            this.beanFactory = beanFactory;
            this.beanName = beanName;
            this.owner = owner;
        }

        @Override
        public Object get() {
            Object current = bean;
            if (current == null) {
                current = beanFactory.getBean(beanName);
                // A class-based proxy is an instance of the owner and keeps the other bean's own advice; a JDK
                // interface proxy is not, so the fallback is called on the object behind it.
                while (!owner.isInstance(current)) {
                    Object target = org.springframework.aop.framework.AopProxyUtils.getSingletonTarget(current);
                    if (target == null) {
                        throw new IllegalStateException("Bean '" + beanName + "' is not a " + owner.getName());
                    }
                    current = target;
                }
                bean = current;
            }
            return current;
        }
    }
}
