package dev.resilience.core;

/**
 * Rethrows any throwable without wrapping it, so checked exceptions of a protected call reach the caller
 * unchanged even through functional interfaces that do not declare them; and attaches secondary failures to a
 * call's failure without letting a shared exception grow.
 *
 * @since 0.1.0
 */
public final class Exceptions {

    /**
     * The most suppressed exceptions an exception may hold for the library to add one more: {@value}. See
     * {@link #addSuppressed(Throwable, Throwable)}.
     */
    public static final int SUPPRESSED_LIMIT = 16;

    private Exceptions() {
    }

    /**
     * Throws {@code failure} as is. Declared to return an exception so callers can write
     * {@code throw Exceptions.rethrow(t);} and keep the compiler's flow analysis happy.
     */
    public static RuntimeException rethrow(Throwable failure) {
        return Exceptions.<RuntimeException>sneaky(failure);
    }

    /**
     * Adds {@code secondary} (a fallback's own failure, an interrupt while waiting to retry) to
     * {@code failure}'s suppressed exceptions, the way every pattern of the library records failures that
     * happened while handling a call's failure &mdash; but boundedly, because {@code failure} is not always
     * the call's own fresh object: applications throw pre-allocated or {@code static} exceptions to keep
     * failing cheap, and one such instance reaches every call. So nothing is added when
     * <ul>
     *   <li>{@code secondary} is {@code failure} itself (which {@link Throwable#addSuppressed} forbids), or
     *       {@code null};
     *   <li>{@code failure} already holds {@value #SUPPRESSED_LIMIT} or more suppressed exceptions: a shared
     *       instance keeps those of its first calls and then stops growing (without the bound it would retain
     *       one more exception, with its stack trace, on every call);
     *   <li>{@code failure} was created with suppression disabled ({@link Throwable#Throwable(String,
     *       Throwable, boolean, boolean)}): the JDK ignores the addition, as it should.
     * </ul>
     * Checking the bound copies the suppressed array, which only happens on a failure path.
     *
     * @return whether {@code secondary} was offered to {@code failure} (with suppression disabled, the JDK
     *         still drops it)
     * @since 0.1.0
     */
    public static boolean addSuppressed(Throwable failure, Throwable secondary) {
        if (secondary == null || secondary == failure || failure.getSuppressed().length >= SUPPRESSED_LIMIT) {
            return false;
        }
        failure.addSuppressed(secondary);
        return true;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable failure) throws E {
        throw (E) failure;
    }
}
