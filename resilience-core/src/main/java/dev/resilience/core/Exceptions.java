package dev.resilience.core;

/**
 * Rethrows any throwable without wrapping it, so checked exceptions of a protected call reach the caller
 * unchanged even through functional interfaces that do not declare them.
 *
 * @since 0.1.0
 */
public final class Exceptions {

    private Exceptions() {
    }

    /**
     * Throws {@code failure} as is. Declared to return an exception so callers can write
     * {@code throw Exceptions.rethrow(t);} and keep the compiler's flow analysis happy.
     */
    public static RuntimeException rethrow(Throwable failure) {
        return Exceptions.<RuntimeException>sneaky(failure);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable failure) throws E {
        throw (E) failure;
    }
}
