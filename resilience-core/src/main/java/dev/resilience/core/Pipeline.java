package dev.resilience.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Several policies composed around one call, <b>outermost first</b>. A pipeline of
 * {@code [fallback, retry, circuitBreaker, timeout]} runs as
 *
 * <pre>
 * fallback(
 *   retry(
 *     circuitBreaker(
 *       timeout(
 *         call))))
 * </pre>
 *
 * so each retry attempt passes through the circuit breaker and gets its own timeout, and the fallback sees
 * only the final outcome. {@link #DEFAULT_ORDER} is the order the annotations use unless configured
 * otherwise.
 *
 * <p>The links between the policies are built once, in the constructor: running a pipeline allocates nothing
 * for the composition itself, so a pipeline built once per method can be reused for every call. A pipeline
 * is itself a {@link Policy}, so pipelines nest.
 *
 * <p>Thread-safe and immutable.
 *
 * @since 0.1.0
 */
public final class Pipeline implements Policy {

    /**
     * The default order of composition, outermost first, by pattern key:
     * fallback, retry, circuit-breaker, rate-limiter, timeout, bulkhead (and thread-pool-bulkhead).
     */
    public static final List<String> DEFAULT_ORDER = List.of(
            "fallback", "retry", "circuit-breaker", "rate-limiter", "timeout", "bulkhead", "thread-pool-bulkhead");

    private final String name;
    private final List<Policy> policies;
    private final Chain head;
    private final AsyncChain asyncHead;

    private Pipeline(String name, List<Policy> policies) {
        this.name = name;
        this.policies = Collections.unmodifiableList(new ArrayList<>(policies));
        Chain chain = Chain.terminal();
        AsyncChain asyncChain = AsyncChain.terminal();
        for (int i = policies.size() - 1; i >= 0; i--) {
            chain = new Link(policies.get(i), chain);
            asyncChain = new AsyncLink(policies.get(i), asyncChain);
        }
        this.head = chain;
        this.asyncHead = asyncChain;
    }

    /** A pipeline of {@code policies}, outermost first. */
    public static Pipeline of(Policy... policies) {
        return of("pipeline", List.of(policies));
    }

    /** A named pipeline of {@code policies}, outermost first. */
    public static Pipeline of(String name, List<? extends Policy> policies) {
        Objects.requireNonNull(name, "name");
        for (Policy policy : policies) {
            Objects.requireNonNull(policy, "policies must not contain null");
        }
        return new Pipeline(name, List.copyOf(policies));
    }

    /** A builder that adds policies from the outside in. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    /** The composed policies, outermost first. */
    public List<Policy> policies() {
        return policies;
    }

    /** Runs {@code call} through every policy of this pipeline. */
    public <T> T execute(CheckedSupplier<? extends T> call) throws Throwable {
        return head.proceed(call);
    }

    /** Starts {@code call} through every policy of this pipeline. */
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call) {
        return asyncHead.proceed(call);
    }

    @Override
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        if (next == Chain.terminal()) {
            return head.proceed(call);
        }
        // Nested inside another chain: the inner policies must run before that chain continues.
        return head.proceed(() -> next.proceed(call));
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        if (next == AsyncChain.terminal()) {
            return asyncHead.proceed(call);
        }
        return asyncHead.proceed(() -> next.proceed(call));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Pipeline[");
        for (int i = 0; i < policies.size(); i++) {
            text.append(i == 0 ? "" : " -> ").append(policies.get(i));
        }
        return text.append(']').toString();
    }

    private static final class Link extends Chain {
        private final Policy policy;
        private final Chain next;

        Link(Policy policy, Chain next) {
            this.policy = policy;
            this.next = next;
        }

        @Override
        public <T> T proceed(CheckedSupplier<? extends T> call) throws Throwable {
            return policy.execute(call, next);
        }
    }

    private static final class AsyncLink extends AsyncChain {
        private final Policy policy;
        private final AsyncChain next;

        AsyncLink(Policy policy, AsyncChain next) {
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

    /** Adds policies from the outside in; {@code null}s are skipped so optional patterns read naturally. */
    public static final class Builder {
        private final List<Policy> policies = new ArrayList<>();
        private String name = "pipeline";

        private Builder() {
        }

        /** Names the pipeline (used in {@link #toString()} and diagnostics). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Adds {@code policy} inside the ones added before it; {@code null} is ignored. */
        public Builder add(Policy policy) {
            if (policy != null) {
                policies.add(policy);
            }
            return this;
        }

        public Pipeline build() {
            return Pipeline.of(name, policies);
        }
    }
}
