package dev.resilience.spring.aop;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.BridgeMethodResolver;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one interceptor behind all six annotations, one instance per advised bean. Per call it finds the
 * method's prebuilt {@link MethodPlan} with one hash look-up and runs it: no annotation reading, reflection or
 * expression parsing happens here.
 *
 * <p>The plans are keyed by the methods the proxy reports. For a JDK interface proxy that is the interface's
 * method, so those are added up front; anything else (a bridge method, say) is resolved once and remembered.
 */
final class ResilienceMethodInterceptor implements MethodInterceptor {

    private static final MethodPlan NONE = new MethodPlan(null, null, false) {
        @Override
        Object invoke(MethodInvocation invocation) {
            throw new IllegalStateException();
        }
    };

    private final Class<?> targetClass;
    private final Map<Method, MethodPlan> plans;
    private final Map<Method, MethodPlan> resolved = new ConcurrentHashMap<>();

    ResilienceMethodInterceptor(Class<?> targetClass, Map<Method, MethodPlan> plans) {
        this.targetClass = targetClass;
        Map<Method, MethodPlan> byInvokedMethod = new HashMap<>(plans);
        for (Class<?> type : org.springframework.util.ClassUtils.getAllInterfacesForClassAsSet(targetClass)) {
            for (Method interfaceMethod : type.getMethods()) {
                MethodPlan plan = plans.get(mostSpecific(interfaceMethod));
                if (plan != null) {
                    byInvokedMethod.putIfAbsent(interfaceMethod, plan);
                }
            }
        }
        this.plans = byInvokedMethod;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        MethodPlan plan = plans.get(invocation.getMethod());
        if (plan == null) {
            plan = resolved.computeIfAbsent(invocation.getMethod(), method -> {
                MethodPlan found = plans.get(mostSpecific(method));
                return found == null ? NONE : found;
            });
            if (plan == NONE) {
                return invocation.proceed();
            }
        }
        return plan.invoke(invocation);
    }

    /** Whether this interceptor has a plan for {@code method}; used by the advisor's pointcut. */
    boolean covers(Method method) {
        return plans.containsKey(method) || plans.containsKey(mostSpecific(method));
    }

    private Method mostSpecific(Method method) {
        return BridgeMethodResolver.findBridgedMethod(AopUtils.getMostSpecificMethod(method, targetClass));
    }

    Map<Method, MethodPlan> plans() {
        return plans;
    }
}
