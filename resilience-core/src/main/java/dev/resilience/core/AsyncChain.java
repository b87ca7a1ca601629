package dev.resilience.core;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The rest of an asynchronous pipeline, as seen from one {@link Policy}: {@link #proceed} starts the policies
 * nested inside this one and finally the call, and returns the stage that completes with their outcome.
 *
 * <p>Implementations never block: a policy that waits (a retry delay, a timeout) schedules the work instead.
 * Exceptions that the call throws synchronously are turned into an exceptionally completed stage.
 *
 * @since 0.1.0
 */
public abstract class AsyncChain {

    private static final AsyncChain TERMINAL = new AsyncChain() {
        @Override
        public <T> CompletionStage<T> proceed(Supplier<? extends CompletionStage<T>> call) {
            try {
                CompletionStage<T> stage = call.get();
                if (stage == null) {
                    return Stages.failed(new NullPointerException("The call returned a null CompletionStage"));
                }
                return stage;
            } catch (Throwable t) {
                return Stages.failed(t);
            }
        }
    };

    /** Starts the remaining policies and the call. */
    public abstract <T> CompletionStage<T> proceed(Supplier<? extends CompletionStage<T>> call);

    /** The end of every asynchronous chain: starts the call itself. */
    public static AsyncChain terminal() {
        return TERMINAL;
    }
}
