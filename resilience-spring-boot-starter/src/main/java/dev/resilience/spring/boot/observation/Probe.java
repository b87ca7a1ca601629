package dev.resilience.spring.boot.observation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Policy;
import io.micrometer.observation.Observation;

/**
 * A layer placed inside a pattern of an observed method to tell the call's context what happened there: right
 * inside the fallback it records whether the layers within failed (so a successful call after that is the
 * fallback's result), right inside the retry it counts attempts and records a retry event on the observation.
 * It finds the call's context through {@code inFlight}; a call that is not observed (no observation handler)
 * passes straight through.
 */
final class Probe implements Policy {

    enum Kind {
        /** Inside {@code @Fallback}. */
        FALLBACK,
        /** Inside {@code @Retry}: runs once per attempt. */
        ATTEMPT
    }

    private final Kind kind;
    private final String name;
    private final ConcurrentMap<Object, ResilienceCallContext> inFlight;

    Probe(Kind kind, String name, ConcurrentMap<Object, ResilienceCallContext> inFlight) {
        this.kind = kind;
        this.name = name;
        this.inFlight = inFlight;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        ResilienceCallContext context = inFlight.get(call);
        if (context == null) {
            return next.proceed(call);
        }
        if (kind == Kind.ATTEMPT) {
            attempt(context);
            return next.proceed(call);
        }
        try {
            T result = next.proceed(call);
            context.innerOutcome(false);
            return result;
        } catch (Throwable failure) {
            context.innerOutcome(true);
            throw failure;
        }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        ResilienceCallContext context = inFlight.get(call);
        if (context == null) {
            return next.proceed(call);
        }
        if (kind == Kind.ATTEMPT) {
            attempt(context);
            return next.proceed(call);
        }
        CompletionStage<T> inner = next.proceed(call);
        CompletableFuture<T> source;
        try {
            source = inner.toCompletableFuture();
        } catch (UnsupportedOperationException notConvertible) {
            return inner;
        }
        // A dependent stage, so the outcome is recorded before the fallback layer reacts to it.
        CompletableFuture<T> recorded = source.whenComplete((value, error) -> context.innerOutcome(error != null));
        recorded.whenComplete((value, error) -> {
            if (recorded.isCancelled()) {
                source.cancel(true);
            }
        });
        return recorded;
    }

    private static void attempt(ResilienceCallContext context) {
        if (context.attempt() > 1) {
            Observation observation = context.observation();
            if (observation != null) {
                GuardedObservation.event(observation, ResilienceObservation.Events.RETRY);
            }
        }
    }

    @Override
    public String toString() {
        return "Probe[" + kind + "]";
    }
}
