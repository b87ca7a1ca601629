package dev.resilience.spring.aop;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Pipeline;
import dev.resilience.core.Policy;
import dev.resilience.core.Stages;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Stand-in pattern instances that record the order in which calls pass through them, so the interception
 * mechanism can be tested on its own. "retry" instances really retry (up to 3 attempts) to prove the method is
 * re-invoked on each attempt.
 */
final class TracingInstances implements PatternInstances {

    final List<String> trace = new CopyOnWriteArrayList<>();
    final Map<String, Policy> created = new ConcurrentHashMap<>();
    final List<Object> keys = new CopyOnWriteArrayList<>();
    private final List<String> order;

    TracingInstances() {
        this(Pipeline.DEFAULT_ORDER.subList(0, 6));
    }

    TracingInstances(List<String> order) {
        this.order = order;
    }

    @Override
    public Policy circuitBreaker(String name) {
        return created.computeIfAbsent("circuit-breaker:" + name, Tracing::new);
    }

    @Override
    public Policy retry(String name) {
        return created.computeIfAbsent("retry:" + name, Retrying::new);
    }

    @Override
    public Policy bulkhead(String name) {
        return created.computeIfAbsent("bulkhead:" + name, Tracing::new);
    }

    @Override
    public Policy threadPoolBulkhead(String name) {
        return created.computeIfAbsent("thread-pool-bulkhead:" + name, Tracing::new);
    }

    @Override
    public Policy rateLimiter(String name) {
        return created.computeIfAbsent("rate-limiter:" + name, Tracing::new);
    }

    @Override
    public KeyedPolicy keyedRateLimiter(String name) {
        return key -> {
            keys.add(key);
            return created.computeIfAbsent("rate-limiter:" + name, Tracing::new);
        };
    }

    @Override
    public Policy timeout(String name) {
        return created.computeIfAbsent("timeout:" + name, Tracing::new);
    }

    @Override
    public List<String> order() {
        return order;
    }

    class Tracing implements Policy {
        final String name;

        Tracing(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
            trace.add(name);
            return next.proceed(call);
        }

        @Override
        public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
            trace.add(name);
            return next.proceed(call);
        }
    }

    final class Retrying extends Tracing {
        Retrying(String name) {
            super(name);
        }

        @Override
        public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
            Throwable last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                trace.add(name);
                try {
                    return next.proceed(call);
                } catch (Exception e) {
                    last = e;
                }
            }
            throw last;
        }

        @Override
        public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
            CompletableFuture<T> result = new CompletableFuture<>();
            attempt(call, next, 0, result);
            return result;
        }

        private <T> void attempt(Supplier<? extends CompletionStage<T>> call, AsyncChain next, int attempt,
                CompletableFuture<T> result) {
            trace.add(name);
            next.proceed(call).whenComplete((value, error) -> {
                if (error == null) {
                    result.complete(value);
                } else if (attempt < 2) {
                    attempt(call, next, attempt + 1, result);
                } else {
                    result.completeExceptionally(Stages.unwrap(error));
                }
            });
        }
    }
}
