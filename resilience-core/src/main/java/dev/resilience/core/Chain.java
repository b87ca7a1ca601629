package dev.resilience.core;

/**
 * The rest of a synchronous pipeline, as seen from one {@link Policy}: calling {@link #proceed} runs the
 * policies nested inside this one and finally the call itself.
 *
 * <p>A chain is built once per pipeline and reused for every call, so running a pipeline allocates no
 * intermediate objects. A policy may proceed several times (retry), or not at all (a rejection).
 *
 * @since 0.1.0
 */
public abstract class Chain {

    private static final Chain TERMINAL = new Chain() {
        @Override
        public <T> T proceed(CheckedSupplier<? extends T> call) throws Throwable {
            return call.get();
        }
    };

    /** Runs the remaining policies and the call. */
    public abstract <T> T proceed(CheckedSupplier<? extends T> call) throws Throwable;

    /** The end of every chain: runs the call itself. */
    public static Chain terminal() {
        return TERMINAL;
    }
}
