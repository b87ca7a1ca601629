package dev.resilience.spring.aop;

import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Stages;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ProxyMethodInvocation;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One call of an annotated method, as the call object that runs through a {@link dev.resilience.core.Pipeline}.
 *
 * <p>Layers that need the method's arguments (a keyed rate limit, a fallback method) find them here, which is
 * why the call is a class of ours rather than a lambda.
 *
 * <p>When the pipeline may run the call more than once (a retry), each run proceeds on a fresh clone of the
 * pristine invocation: Spring's {@code ReflectiveMethodInvocation} can only proceed once.
 */
abstract class MethodCall {

    final MethodInvocation invocation;
    private final boolean repeatable;

    MethodCall(MethodInvocation invocation, boolean repeatable) {
        this.invocation = invocation;
        this.repeatable = repeatable;
    }

    /** The arguments the method was called with. */
    final Object[] arguments() {
        return invocation.getArguments();
    }

    /**
     * The bean the method was called on: the target, not the proxy, except for a proxy without a target (an
     * HTTP interface client), whose own methods, {@code default} ones included, are only reached through it.
     */
    final Object target() {
        Object target = invocation.getThis();
        if (target == null && invocation instanceof ProxyMethodInvocation proxyInvocation) {
            return proxyInvocation.getProxy();
        }
        return target;
    }

    final Object proceed() throws Throwable {
        if (repeatable && invocation instanceof ProxyMethodInvocation proxyInvocation) {
            return proxyInvocation.invocableClone().proceed();
        }
        return invocation.proceed();
    }

    /** A call of a method that returns its result directly (or {@code void}). */
    static final class Sync extends MethodCall implements CheckedSupplier<Object> {

        Sync(MethodInvocation invocation, boolean repeatable) {
            super(invocation, repeatable);
        }

        @Override
        public Object get() throws Throwable {
            return proceed();
        }
    }

    /**
     * A call of a method whose work completes later: the method returns a {@code CompletionStage}, or a
     * Reactor publisher that {@link #starter} subscribes to and turns into a stage.
     */
    static final class Async extends MethodCall implements Supplier<CompletionStage<Object>> {

        private final ResultAdapter starter;

        Async(MethodInvocation invocation, boolean repeatable, ResultAdapter starter) {
            super(invocation, repeatable);
            this.starter = starter;
        }

        @Override
        public CompletionStage<Object> get() {
            Object result;
            try {
                result = proceed();
            } catch (Throwable t) {
                return Stages.failed(t);
            }
            if (result == null) {
                return Stages.failed(new NullPointerException(invocation.getMethod().getDeclaringClass().getSimpleName()
                        + "#" + invocation.getMethod().getName() + " returned null instead of a "
                        + invocation.getMethod().getReturnType().getSimpleName()));
            }
            return starter.toStage(result);
        }

        /** Turns a fallback's result (a stage, a publisher or a plain value) into a stage. */
        CompletionStage<Object> adapt(Object fallbackResult) {
            return starter.toStage(fallbackResult);
        }
    }
}
