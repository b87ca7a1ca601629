package dev.resilience.core;

import dev.resilience.core.internal.CallScope;

import java.lang.reflect.Method;
import java.util.Objects;

/**
 * What one call carries down a {@link Pipeline}, for the policies that need more than "run it": which method
 * is called and with which arguments (a keyed rate limit, a fallback method, a cache key, a hedge that runs
 * the same call again), attributes that one layer sets and an inner one reads (a shedding priority, a tenant),
 * and the deadline by which the call must be done (a bulkhead or a limiter never waits past it).
 *
 * <h2>Where it comes from</h2>
 * The call object itself carries it: a call passed to {@link Policy#execute} or {@link Policy#executeAsync}
 * that implements {@code CallContext} (the Spring starter's call of an annotated method does) is its own
 * context, and every policy gets it with {@link #of(Object) CallContext.of(call)}. The call travels down the
 * chain unchanged, through retries, asynchronous continuations and pool threads, so the context follows it
 * without any copying or thread-local bookkeeping, and reading it costs a type check. A plain lambda carries
 * none: {@code of} then answers {@link #none()}, whose method is {@code null}, whose arguments are empty and
 * which holds no attributes. Nothing is allocated for a context that nobody reads.
 *
 * <p>A policy that replaces the call with its own wrapper (rare: the patterns of this library pass it on
 * as it is) must implement {@code CallContext} on the wrapper by delegating to {@code of(original)}, or the
 * policies inside lose it.
 *
 * <h2>The deadline</h2>
 * The deadline belongs to the thread running the call, not to the call object, because it is set from outside
 * any pipeline as well ({@code Deadline.run(deadline, () -> ...)} around several calls) and because every
 * {@code Timeout} narrows it for what it runs: {@link #deadline()}, {@link #remainingNanos()} and
 * {@link #boundedWait(long)} read it for the current thread. A policy that moves a call to another thread
 * (a queued bulkhead call, a worker, a hedge) hands it over: {@code TimeLimit d = CallContext.deadline()} where
 * the call is accepted, and {@code TimeLimit previous = CallContext.swapDeadline(d)} ... {@code swapDeadline(previous)}
 * around running it.
 *
 * <h2>Attributes</h2>
 * {@link Key}s are compared by identity: declare one as a constant ({@code static final Key<Integer> PRIORITY
 * = CallContext.Key.of("priority", Integer.class)}). Attributes live as long as the call, across its retry
 * attempts. Implementations keep them in a {@link CallAttributes} created when the first one is set.
 *
 * <p>Implementations are safe to read from any thread that runs the call.
 *
 * @since 0.2.0
 */
public interface CallContext {

    /** The context of {@code call}: the call itself when it is a {@code CallContext}, else {@link #none()}. */
    static CallContext of(Object call) {
        return call instanceof CallContext context ? context : None.INSTANCE;
    }

    /** The context of a call that carries none: no method, no arguments, no attributes. */
    static CallContext none() {
        return None.INSTANCE;
    }

    /** The method being called, or {@code null} when the call is not a method invocation. */
    default Method method() {
        return null;
    }

    /** The object the method is called on, or {@code null} when none (a static method, a plain call). */
    default Object target() {
        return null;
    }

    /**
     * The arguments of the call, in order; an empty array when it has none. The array is the call's own:
     * read it, never modify it.
     */
    default Object[] arguments() {
        return None.NO_ARGUMENTS;
    }

    /** The value of the attribute {@code key}, or {@code null} when it is not set. */
    default <T> T attribute(Key<T> key) {
        return null;
    }

    /**
     * Sets the attribute {@code key} for the rest of this call; {@code null} removes it.
     *
     * @throws UnsupportedOperationException when this context holds no attributes ({@link #none()})
     */
    default <T> void attribute(Key<T> key, T value) {
        throw new UnsupportedOperationException(
                "This call carries no context that could hold attribute '" + key.name() + "'");
    }

    /** The deadline of the call running on this thread, or {@code null} when there is none. */
    static TimeLimit deadline() {
        return CallScope.current().deadline;
    }

    /**
     * Makes {@code deadline} (which may be {@code null}) the current thread's and returns the one it replaces,
     * to be restored with another {@code swapDeadline} when the handed-over call has started.
     */
    static TimeLimit swapDeadline(TimeLimit deadline) {
        CallScope scope = CallScope.current();
        TimeLimit previous = scope.deadline;
        scope.deadline = deadline;
        return previous;
    }

    /** The nanoseconds left before the current thread's deadline; {@link Long#MAX_VALUE} when there is none. */
    static long remainingNanos() {
        TimeLimit deadline = CallScope.current().deadline;
        return deadline == null ? Long.MAX_VALUE : deadline.remainingNanos();
    }

    /**
     * {@code waitNanos}, shortened to the time left before the current thread's deadline: how long a policy
     * may wait (for a permit, a period, a second attempt) without outliving the call it serves.
     */
    static long boundedWait(long waitNanos) {
        return Math.min(waitNanos, remainingNanos());
    }

    /**
     * The name of an attribute and the type of its value. Compared by identity.
     *
     * @param <T> the value type
     * @since 0.2.0
     */
    final class Key<T> {
        private final String name;
        private final Class<T> type;

        private Key(String name, Class<T> type) {
            this.name = name;
            this.type = type;
        }

        /** A new key; declare it once, as a constant, and share that constant. */
        public static <T> Key<T> of(String name, Class<T> type) {
            return new Key<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(type, "type"));
        }

        /** The name given to {@link #of}, for messages. */
        public String name() {
            return name;
        }

        /** The type of the value. */
        public Class<T> type() {
            return type;
        }

        @Override
        public String toString() {
            return "Key[" + name + ": " + type.getSimpleName() + "]";
        }
    }
}

/** The context of a call that carries none. */
final class None implements CallContext {
    static final CallContext INSTANCE = new None();
    static final Object[] NO_ARGUMENTS = new Object[0];

    private None() {
    }

    @Override
    public String toString() {
        return "CallContext.none()";
    }
}
