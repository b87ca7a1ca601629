package dev.resilience.spring.aop;

import dev.resilience.core.CallAttributes;
import dev.resilience.core.CallContext;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Stages;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ProxyMethodInvocation;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One call of an annotated method, as the call object that runs through a {@link dev.resilience.core.Pipeline}.
 *
 * <p>It is the call's {@link CallContext}: layers that need the method, its target or its arguments (a keyed
 * rate limit, a fallback method) read them with {@code CallContext.of(call)}, which is why the call is a class
 * of ours rather than a lambda. Being the context costs nothing more: the object is the one allocation of the
 * call either way, and its attributes are created only when a layer sets one.
 *
 * <p>When the pipeline may run the call more than once (a retry), each run proceeds on a fresh clone of the
 * pristine invocation: Spring's {@code ReflectiveMethodInvocation} can only proceed once.
 */
abstract class MethodCall implements CallContext {

    /**
     * The attribute under which an asynchronous call gives the {@link ResultAdapter} that turns a replacement
     * value (a fallback's stage, publisher or plain value) into the call's stage; {@code null} for synchronous
     * calls.
     */
    static final CallContext.Key<ResultAdapter> RESULT_ADAPTER = CallContext.Key.of("result-adapter",
            ResultAdapter.class);

    final MethodInvocation invocation;
    private final boolean repeatable;
    /** Created by the first {@link #attribute(Key, Object)}; guarded by {@code this} while it is created. */
    private volatile CallAttributes attributes;

    MethodCall(MethodInvocation invocation, boolean repeatable) {
        this.invocation = invocation;
        this.repeatable = repeatable;
    }

    @Override
    public final Method method() {
        return invocation.getMethod();
    }

    /** The arguments the method was called with. */
    @Override
    public final Object[] arguments() {
        return invocation.getArguments();
    }

    /**
     * The bean the method was called on: the target, not the proxy, except for a proxy without a target (an
     * HTTP interface client), whose own methods, {@code default} ones included, are only reached through it.
     */
    @Override
    public final Object target() {
        Object target = invocation.getThis();
        if (target == null && invocation instanceof ProxyMethodInvocation proxyInvocation) {
            return proxyInvocation.getProxy();
        }
        return target;
    }

    @Override
    public <T> T attribute(Key<T> key) {
        CallAttributes current = attributes;
        return current == null ? null : current.get(key);
    }

    @Override
    public <T> void attribute(Key<T> key, T value) {
        CallAttributes current = attributes;
        if (current == null) {
            synchronized (this) {
                current = attributes;
                if (current == null) {
                    current = new CallAttributes();
                    attributes = current;
                }
            }
        }
        current.put(key, value);
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

        @Override
        public <T> T attribute(Key<T> key) {
            return key == RESULT_ADAPTER ? key.type().cast(starter) : super.attribute(key);
        }
    }
}
