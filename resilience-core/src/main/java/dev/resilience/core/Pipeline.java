package dev.resilience.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

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
 * is itself a {@link Policy}, so pipelines nest. A pipeline holds only {@link Policy}s; one that includes a
 * policy that runs only asynchronously (a thread-pool bulkhead) is an {@link AsyncPipeline}
 * ({@link #ofAsync}, {@link Builder#buildAsync()}).
 *
 * <p>Thread-safe and immutable.
 *
 * @since 0.1.0
 */
public final class Pipeline extends AsyncPipeline implements Policy {

    /**
     * The default order of composition, outermost first, by pattern key:
     * fallback, retry, circuit-breaker, rate-limiter, timeout, bulkhead (and thread-pool-bulkhead).
     */
    public static final List<String> DEFAULT_ORDER = List.of(
            "fallback", "retry", "circuit-breaker", "rate-limiter", "timeout", "bulkhead", "thread-pool-bulkhead");

    /**
     * The place of a pattern in {@link #DEFAULT_ORDER}, in hundreds, outermost first: fallback 100, retry 200,
     * circuit-breaker 300, rate-limiter 400, timeout 500, bulkhead 600 (a thread-pool bulkhead takes the
     * bulkhead's place). The Spring integration orders its annotations by these numbers, so the default order
     * is written only here; a pattern outside the list picks a number between the two it sits between (450
     * between rate-limiter and timeout).
     *
     * @param patternKey a key of {@link #DEFAULT_ORDER}
     * @throws IllegalArgumentException for any other key
     */
    public static int defaultPosition(String patternKey) {
        String key = "thread-pool-bulkhead".equals(patternKey) ? "bulkhead" : patternKey;
        int index = DEFAULT_ORDER.indexOf(key);
        if (index < 0) {
            throw new IllegalArgumentException("'" + patternKey + "' is not one of " + DEFAULT_ORDER);
        }
        return (index + 1) * 100;
    }

    private final List<Policy> policies;
    private final Chain head;

    private Pipeline(String name, List<Policy> policies) {
        super(name, policies);
        this.policies = Collections.unmodifiableList(new ArrayList<>(policies));
        Chain chain = Chain.terminal();
        for (int i = policies.size() - 1; i >= 0; i--) {
            chain = new Link(policies.get(i), chain);
        }
        this.head = chain;
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

    /**
     * A named pipeline of {@code policies} for asynchronous calls, outermost first; it may hold policies that
     * run only asynchronously. A {@link Pipeline} when every one of them is a {@link Policy}.
     */
    public static AsyncPipeline ofAsync(String name, List<? extends AsyncPolicy> policies) {
        Objects.requireNonNull(name, "name");
        boolean synchronous = true;
        for (AsyncPolicy policy : policies) {
            Objects.requireNonNull(policy, "policies must not contain null");
            synchronous &= policy instanceof Policy;
        }
        if (synchronous) {
            List<Policy> sync = new ArrayList<>(policies.size());
            for (AsyncPolicy policy : policies) {
                sync.add((Policy) policy);
            }
            return new Pipeline(name, sync);
        }
        return new AsyncPipeline(name, List.copyOf(policies));
    }

    /** A builder that adds policies from the outside in. */
    public static Builder builder() {
        return new Builder();
    }

    /** The composed policies, outermost first. */
    @Override
    public List<Policy> policies() {
        return policies;
    }

    /** Runs {@code call} through every policy of this pipeline. */
    public <T> T execute(CheckedSupplier<? extends T> call) throws Throwable {
        return head.proceed(call);
    }

    @Override
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        if (next == Chain.terminal()) {
            return head.proceed(call);
        }
        // Nested inside another chain: the inner policies must run before that chain continues.
        return head.proceed(() -> next.proceed(call));
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

    /** Adds policies from the outside in; {@code null}s are skipped so optional patterns read naturally. */
    public static final class Builder {
        private final List<AsyncPolicy> policies = new ArrayList<>();
        private String name = "pipeline";

        private Builder() {
        }

        /** Names the pipeline (used in {@link #toString()} and diagnostics). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Adds {@code policy} inside the ones added before it; {@code null} is ignored. A policy that runs only
         * asynchronously (an {@link AsyncPolicy} that is not a {@link Policy}) can only be built with
         * {@link #buildAsync()}.
         */
        public Builder add(AsyncPolicy policy) {
            if (policy != null) {
                policies.add(policy);
            }
            return this;
        }

        /**
         * A pipeline for synchronous and asynchronous calls.
         *
         * @throws IllegalStateException when a policy added runs only asynchronously
         */
        public Pipeline build() {
            List<Policy> sync = new ArrayList<>(policies.size());
            for (AsyncPolicy policy : policies) {
                if (!(policy instanceof Policy)) {
                    throw new IllegalStateException("Pipeline '" + name + "' cannot run synchronous calls: '"
                            + policy.name() + "' (" + policy.getClass().getSimpleName() + ") runs calls only "
                            + "asynchronously; build the pipeline with buildAsync() and run CompletionStages");
                }
                sync.add((Policy) policy);
            }
            return Pipeline.of(name, sync);
        }

        /** A pipeline for asynchronous calls, which may hold asynchronous-only policies. */
        public AsyncPipeline buildAsync() {
            return Pipeline.ofAsync(name, policies);
        }
    }
}
