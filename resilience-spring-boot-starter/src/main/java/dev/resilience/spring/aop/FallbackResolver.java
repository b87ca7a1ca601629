package dev.resilience.spring.aop;

import dev.resilience.annotation.Fallback;
import dev.resilience.core.ExceptionClassifier;
import dev.resilience.fallback.FallbackListener;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Resolves the methods a {@code @Fallback} names into handles and builds the method's fallback layer: the
 * contract's resolution (same parameters, optionally one {@code Throwable}, a fitting return type; a method of
 * another bean written {@code beanName::method}), with every misfit explained. Used at start-up only.
 */
final class FallbackResolver {

    private static final boolean REACTOR_PRESENT = MethodPlanner.REACTOR_PRESENT;

    private final BeanFactory beanFactory;

    FallbackResolver(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /**
     * The fallback layer of {@code method}, or {@code null} with {@code problems} telling why.
     *
     * @param async whether the method returns a stage or a publisher
     * @param timeout whether the method also has {@code @Timeout}
     */
    @Nullable FallbackPolicy policy(Fallback fallback, Method method, Class<?> targetClass, boolean async,
            boolean timeout, FallbackObserver observer, List<FallbackListener> listeners, List<String> problems) {
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
        if (!problems.isEmpty()) {
            return null;
        }
        ExceptionClassifier classifier = ExceptionClassifier.of(List.of(fallback.applyOn()), List.of(fallback.ignore()), null);
        String protectedMethod = targetClass.getSimpleName() + "#" + method.getName();
        FallbackPolicy policy = new FallbackPolicy(protectedMethod, resolved.toArray(FallbackMethod[]::new),
                classifier, observer.forMethod(protectedMethod));
        listeners.forEach(policy::addListener);
        return policy;
    }

    private @Nullable FallbackMethod resolveFallback(String reference, Method method, Class<?> targetClass, boolean async,
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
    private static @Nullable String neverChosen(Method candidate, int argumentCount, Method method, Class<?> targetClass,
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
        return exception.getSimpleName() + " is a checked exception, " + MethodPlanner.describe(targetClass, method) + " "
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
    private static @Nullable String misfit(Method candidate, Method method, Class<?>[] parameters, boolean async) {
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

    private static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "#" + method.getName() + "("
                + simpleNames(method.getParameterTypes()) + ")";
    }

    private static String simpleNames(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", "));
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
