package dev.resilience.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Several policies composed around one <em>asynchronous</em> call, outermost first, in the same order and with
 * the same prebuilt links as a {@link Pipeline}; unlike a {@code Pipeline} it may hold {@link AsyncPolicy}s that
 * have no synchronous path (a {@link dev.resilience.bulkhead.ThreadPoolBulkhead}), and therefore runs only
 * {@link CompletionStage}s. Build one with {@link Pipeline#ofAsync} or {@link Pipeline.Builder#buildAsync()};
 * every {@link Pipeline} is also an {@code AsyncPipeline}.
 *
 * <p>Thread-safe and immutable.
 *
 * @since 0.1.0
 */
public class AsyncPipeline implements AsyncPolicy {

    private final String name;
    private final List<AsyncPolicy> layers;
    private final AsyncChain asyncHead;

    AsyncPipeline(String name, List<? extends AsyncPolicy> policies) {
        this.name = name;
        this.layers = Collections.unmodifiableList(new ArrayList<>(policies));
        AsyncChain asyncChain = AsyncChain.terminal();
        for (int i = policies.size() - 1; i >= 0; i--) {
            asyncChain = new AsyncLink(policies.get(i), asyncChain);
        }
        this.asyncHead = asyncChain;
    }

    @Override
    public String name() {
        return name;
    }

    /** The composed policies, outermost first. */
    public List<? extends AsyncPolicy> policies() {
        return layers;
    }

    /** Starts {@code call} through every policy of this pipeline. */
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call) {
        return asyncHead.proceed(call);
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        if (next == AsyncChain.terminal()) {
            return asyncHead.proceed(call);
        }
        // Nested inside another chain: the inner policies must run before that chain continues.
        return asyncHead.proceed(() -> next.proceed(call));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(getClass().getSimpleName()).append('[');
        for (int i = 0; i < layers.size(); i++) {
            text.append(i == 0 ? "" : " -> ").append(layers.get(i));
        }
        return text.append(']').toString();
    }

    private static final class AsyncLink extends AsyncChain {
        private final AsyncPolicy policy;
        private final AsyncChain next;

        AsyncLink(AsyncPolicy policy, AsyncChain next) {
            this.policy = policy;
            this.next = next;
        }

        @Override
        public <T> CompletionStage<T> proceed(Supplier<? extends CompletionStage<T>> call) {
            try {
                return policy.executeAsync(call, next);
            } catch (Throwable t) {
                // A policy must not throw from executeAsync; if one does, the caller still gets a stage.
                return Stages.failed(t);
            }
        }
    }
}
