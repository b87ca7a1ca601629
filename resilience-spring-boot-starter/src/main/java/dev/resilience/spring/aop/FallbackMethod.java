package dev.resilience.spring.aop;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * One name of a {@code @Fallback(method = ...)}, resolved when the bean is created: every method with that
 * name that fits the protected method, as method handles, ordered so that the most specific exception
 * parameter comes first and a candidate without one comes last.
 *
 * <p>Per failure, {@link #candidateFor} picks the first candidate whose exception parameter accepts the
 * failure; {@code null} means this name does not apply and the chain moves on to the next name.
 */
final class FallbackMethod {

    private final String description;
    private final Supplier<Object> receiver;
    private final Candidate[] candidates;

    private FallbackMethod(String description, Supplier<Object> receiver, List<Candidate> candidates) {
        this.description = description;
        this.receiver = receiver;
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparing(Candidate::exceptionType, FallbackMethod::moreSpecificFirst));
        this.candidates = sorted.toArray(Candidate[]::new);
    }

    /**
     * @param description for messages, e.g. {@code OrderService#cached}
     * @param receiver the object to call instance methods on; {@code null} to call them on the protected
     *        call's own target
     */
    static FallbackMethod of(String description, Supplier<Object> receiver, List<Method> methods, int argumentCount) {
        List<Candidate> candidates = new ArrayList<>();
        for (Method method : methods) {
            candidates.add(Candidate.of(method, argumentCount, false));
        }
        return new FallbackMethod(description, receiver, candidates);
    }

    /**
     * The fallbacks of an interface proxy without a target (an HTTP interface client): its {@code default}
     * methods are called directly on the proxy, as {@code invokespecial} of the interface's own body. Going
     * through the proxy instead would need {@code InvocationHandler.invokeDefault}, which a non-public
     * interface refuses to code outside its package.
     */
    static FallbackMethod ofInterface(String description, Supplier<Object> receiver, List<Method> methods,
            int argumentCount) {
        List<Candidate> candidates = new ArrayList<>();
        for (Method method : methods) {
            candidates.add(Candidate.of(method, argumentCount, receiver == null && method.isDefault()));
        }
        return new FallbackMethod(description, receiver, candidates);
    }

    /** The candidate to call for {@code failure}, or {@code null} when none accepts it. */
    Candidate candidateFor(Throwable failure) {
        for (Candidate candidate : candidates) {
            if (candidate.exceptionType == null || candidate.exceptionType.isInstance(failure)) {
                return candidate;
            }
        }
        return null;
    }

    /** Calls {@code candidate} with the protected call's arguments and, if it takes one, the failure. */
    Object invoke(Candidate candidate, Object callTarget, Object[] arguments, Throwable failure) throws Throwable {
        Object target = candidate.isStatic ? null : (receiver == null ? callTarget : receiver.get());
        return candidate.invoke(target, arguments, failure);
    }

    @Override
    public String toString() {
        return description;
    }

    private static int moreSpecificFirst(Class<?> a, Class<?> b) {
        if (a == b) {
            return 0;
        }
        if (a == null) {
            return 1;
        }
        if (b == null) {
            return -1;
        }
        if (b.isAssignableFrom(a)) {
            return -1;
        }
        if (a.isAssignableFrom(b)) {
            return 1;
        }
        return a.getName().compareTo(b.getName());
    }

    /** One fitting method: its handle spread over an {@code Object[]} of receiver, arguments and failure. */
    static final class Candidate {
        private final Method method;
        private final MethodHandle spread;
        private final Class<? extends Throwable> exceptionType;
        private final boolean isStatic;
        private final int argumentCount;

        private Candidate(Method method, MethodHandle spread, Class<? extends Throwable> exceptionType,
                boolean isStatic, int argumentCount) {
            this.method = method;
            this.spread = spread;
            this.exceptionType = exceptionType;
            this.isStatic = isStatic;
            this.argumentCount = argumentCount;
        }

        @SuppressWarnings("unchecked")
        static Candidate of(Method method, int argumentCount, boolean interfaceBody) {
            Class<?>[] types = method.getParameterTypes();
            Class<? extends Throwable> exceptionType =
                    types.length > argumentCount ? (Class<? extends Throwable>) types[argumentCount] : null;
            boolean isStatic = Modifier.isStatic(method.getModifiers());
            MethodHandle handle = interfaceBody ? unreflectDefault(method) : unreflect(method);
            int arity = handle.type().parameterCount();
            MethodHandle spread = handle.asType(MethodType.genericMethodType(arity))
                    .asSpreader(Object[].class, arity);
            return new Candidate(method, spread, exceptionType, isStatic, argumentCount);
        }

        Class<? extends Throwable> exceptionType() {
            return exceptionType;
        }

        Method method() {
            return method;
        }

        Object invoke(Object target, Object[] arguments, Throwable failure) throws Throwable {
            int offset = isStatic ? 0 : 1;
            Object[] all = new Object[offset + argumentCount + (exceptionType == null ? 0 : 1)];
            if (!isStatic) {
                all[0] = target;
            }
            System.arraycopy(arguments, 0, all, offset, argumentCount);
            if (exceptionType != null) {
                all[all.length - 1] = failure;
            }
            return spread.invoke(all);
        }

        /**
         * A handle that may call private methods: a private lookup in the declaring class, which leaves the
         * shared {@code Method}'s accessibility untouched (flipping it is a known source of races).
         */
        /** The default method's own body, whatever the receiver's class: no virtual dispatch. */
        private static MethodHandle unreflectDefault(Method method) {
            Class<?> declaring = method.getDeclaringClass();
            try {
                return MethodHandles.privateLookupIn(declaring, MethodHandles.lookup()).unreflectSpecial(method, declaring);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Cannot access fallback method " + method + ": " + e.getMessage(), e);
            }
        }

        private static MethodHandle unreflect(Method method) {
            try {
                return MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup()).unreflect(method);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Cannot access fallback method " + method + ": " + e.getMessage(), e);
            }
        }
    }
}
