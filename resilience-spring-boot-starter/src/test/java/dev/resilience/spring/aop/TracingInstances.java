package dev.resilience.spring.aop;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Pipeline;
import dev.resilience.core.Policy;
import dev.resilience.core.Stages;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.annotation.RateLimit;
import dev.resilience.annotation.Retry;
import dev.resilience.annotation.Timeout;
import dev.resilience.core.PatternInstance;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.registry.Registry;
import dev.resilience.spring.boot.pattern.AnnotatedMethod;
import dev.resilience.spring.boot.pattern.FallbackDescriptor;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
import org.springframework.beans.factory.BeanFactory;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
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
    private BeanFactory beanFactory;

    TracingInstances() {
        this(Pipeline.DEFAULT_ORDER.subList(0, 6));
    }

    TracingInstances(List<String> order) {
        this.order = order;
    }

    /** These instances, for the post-processor of {@code beanFactory} (fallbacks resolve other beans in it). */
    TracingInstances bind(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        return this;
    }

    @Override
    public List<PatternDescriptor<?, ?>> descriptors() {
        return List.of(new FallbackDescriptor(beanFactory),
                new TracingDescriptor<>("retry", "retry", Retry.class, Retry::name, a -> true, Retrying::new),
                new TracingDescriptor<>("circuit-breaker", "circuit-breaker", CircuitBreaker.class,
                        CircuitBreaker::name, a -> true, Tracing::new),
                new TracingDescriptor<>("rate-limiter", "rate-limiter", RateLimit.class, RateLimit::name,
                        a -> a.key().isBlank(), Tracing::new),
                new KeyedTracingDescriptor(),
                new TracingDescriptor<>("timeout", "timeout", Timeout.class, Timeout::name, a -> true, Tracing::new),
                new TracingDescriptor<>("bulkhead", "bulkhead", Bulkhead.class, Bulkhead::name,
                        a -> a.type() == Bulkhead.Type.SEMAPHORE, Tracing::new),
                new TracingDescriptor<>("thread-pool-bulkhead", "bulkhead", Bulkhead.class, Bulkhead::name,
                        a -> a.type() == Bulkhead.Type.THREAD_POOL, Tracing::new));
    }

    @Override
    public List<String> order() {
        return order;
    }

    /** A pattern whose layer for {@code name} is a tracing policy named {@code key:name}. */
    private class TracingDescriptor<A extends Annotation> implements PatternDescriptor<PatternInstance<Void, Object>, Object> {
        private final String key;
        private final String orderKey;
        private final Class<A> annotation;
        private final Function<A, String> nameOf;
        private final Predicate<A> selects;
        private final Function<String, Policy> policy;

        TracingDescriptor(String key, String orderKey, Class<A> annotation, Function<A, String> nameOf,
                Predicate<A> selects, Function<String, Policy> policy) {
            this.key = key;
            this.orderKey = orderKey;
            this.annotation = annotation;
            this.nameOf = nameOf;
            this.selects = selects;
            this.policy = policy;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public String orderKey() {
            return orderKey;
        }

        @Override
        public int defaultPosition() {
            return 0;
        }

        @Override
        public Class<A> annotation() {
            return annotation;
        }

        @Override
        public boolean repeatsCalls() {
            return key.equals("retry");
        }

        @Override
        public Policy layer(AnnotatedMethod method) {
            A found = method.annotation(annotation);
            if (found == null || !selects.test(found)) {
                return null;
            }
            if (key.equals("thread-pool-bulkhead")
                    && !CompletionStage.class.isAssignableFrom(method.method().getReturnType())) {
                method.problem("@Bulkhead(type = THREAD_POOL) requires a CompletionStage or CompletableFuture"
                        + " return type, but the method returns " + method.method().getReturnType().getName());
                return null;
            }
            return layer(nameOf.apply(found), method, found);
        }

        Policy layer(String name, AnnotatedMethod method, A found) {
            return created.computeIfAbsent(key + ":" + name, policy);
        }

        @Override
        public Registry<PatternInstance<Void, Object>, ?, Object> registry() {
            return null;
        }

        @Override
        public Class<PatternInstance<Void, Object>> instanceType() {
            return null;
        }

        @Override
        public Class<Object> listenerType() {
            return Object.class;
        }

        @Override
        public Object eventListener(EventConsumer consumer) {
            return consumer;
        }
    }

    /** {@code @RateLimit} with a key: records every key value, shares the rate limiter's tracing policy. */
    private final class KeyedTracingDescriptor extends TracingDescriptor<RateLimit> {
        KeyedTracingDescriptor() {
            super("keyed-rate-limiter", "rate-limiter", RateLimit.class, RateLimit::name, a -> !a.key().isBlank(),
                    Tracing::new);
        }

        @Override
        public String layerKey() {
            return "rate-limiter";
        }

        @Override
        Policy layer(String name, AnnotatedMethod method, RateLimit found) {
            return AnnotationLayers.keyedRateLimit(name, key -> {
                keys.add(key);
                return created.computeIfAbsent("rate-limiter:" + name, Tracing::new);
            }, found.key(), method);
        }
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
