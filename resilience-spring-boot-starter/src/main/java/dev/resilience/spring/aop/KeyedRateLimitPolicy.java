package dev.resilience.spring.aop;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.CallContext;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Policy;
import dev.resilience.core.Stages;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A {@code @RateLimit} with a {@code key}: each call counts against the limiter of its key value, computed from
 * the arguments of the call's {@link CallContext}.
 */
final class KeyedRateLimitPolicy implements Policy {

    private final String name;
    private final PatternInstances.KeyedPolicy limiters;
    private final KeyExpression key;

    KeyedRateLimitPolicy(String name, PatternInstances.KeyedPolicy limiters, KeyExpression key) {
        this.name = name;
        this.limiters = limiters;
        this.key = key;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        return limiters.forKey(key.evaluate(CallContext.of(call).arguments())).execute(call, next);
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        Policy limiter;
        try {
            limiter = limiters.forKey(key.evaluate(CallContext.of(call).arguments()));
        } catch (Throwable t) {
            return Stages.failed(t);
        }
        return limiter.executeAsync(call, next);
    }

    @Override
    public String toString() {
        return "RateLimit[" + name + ", key=" + key + "]";
    }
}
