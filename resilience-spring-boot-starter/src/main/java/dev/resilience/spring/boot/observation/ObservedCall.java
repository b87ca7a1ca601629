package dev.resilience.spring.boot.observation;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Policy;
import dev.resilience.core.Stages;
import dev.resilience.core.event.ListenerList;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The outermost layer of an observed method: one {@value ResilienceObservation#CALL_NAME} observation per call,
 * started before every pattern and stopped when the call has its final outcome (after retries and fallbacks).
 * The observation is in scope while the call starts on the calling thread, so observations the method makes
 * (an HTTP client call, say) become its children.
 *
 * <p>When the method has a fallback or a retry, {@link Probe}s inside the pipeline tell this call's context
 * what happened there; they find it in {@code inFlight}, keyed by the call object, which is the same object on
 * every layer and every attempt, whatever thread runs it.
 */
final class ObservedCall implements Policy {

    private final ObservationRegistry registry;
    private final @Nullable ResilienceCallObservationConvention convention;
    private final Supplier<ResilienceCallContext> contexts;
    private final MethodDescription description;
    private final @Nullable ConcurrentMap<Object, ResilienceCallContext> inFlight;

    ObservedCall(ObservationRegistry registry, @Nullable ResilienceCallObservationConvention convention,
            MethodDescription description, @Nullable ConcurrentMap<Object, ResilienceCallContext> inFlight) {
        this.registry = registry;
        this.convention = convention;
        this.description = description;
        this.inFlight = inFlight;
        this.contexts = () -> new ResilienceCallContext(description);
    }

    @Override
    public String name() {
        return description.method();
    }

    @Override
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        Observation observation = observation();
        if (observation.isNoop()) {
            return next.proceed(call);
        }
        ResilienceCallContext context = (ResilienceCallContext) observation.getContext();
        context.observation(observation);
        if (inFlight != null) {
            inFlight.put(call, context);
        }
        GuardedObservation.start(observation);
        Observation.Scope outer = registry.getCurrentObservationScope();
        Observation.Scope scope = GuardedObservation.openScope(registry, observation, outer);
        try {
            T result;
            try {
                result = next.proceed(call);
            } finally {
                GuardedObservation.close(registry, scope, outer);
            }
            context.succeeded();
            return result;
        } catch (Throwable failure) {
            context.failed(failure);
            GuardedObservation.error(observation, failure);
            throw failure;
        } finally {
            if (inFlight != null) {
                inFlight.remove(call);
            }
            GuardedObservation.stop(observation);
        }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        Observation observation = observation();
        if (observation.isNoop()) {
            return next.proceed(call);
        }
        ResilienceCallContext context = (ResilienceCallContext) observation.getContext();
        context.observation(observation);
        if (inFlight != null) {
            inFlight.put(call, context);
        }
        GuardedObservation.start(observation);
        CompletionStage<T> stage;
        Observation.Scope outer = registry.getCurrentObservationScope();
        Observation.Scope scope = GuardedObservation.openScope(registry, observation, outer);
        try {
            stage = next.proceed(call);
        } finally {
            GuardedObservation.close(registry, scope, outer);
        }
        stage.whenComplete((value, error) -> {
            if (inFlight != null) {
                inFlight.remove(call);
            }
            if (error == null) {
                context.succeeded();
            } else {
                Throwable failure = Stages.unwrap(error);
                context.failed(failure);
                GuardedObservation.error(observation, failure);
            }
            GuardedObservation.stop(observation);
        });
        // The caller gets the pipeline's own stage, so cancelling it still cancels the call.
        return stage;
    }

    private Observation observation() {
        try {
            return ResilienceObservation.CALL.observation(convention, DefaultConvention.INSTANCE, contexts, registry);
        } catch (Throwable failure) {
            // A convention or an observation predicate threw: the call runs, unobserved.
            ListenerList.failed(this, failure);
            return Observation.NOOP;
        }
    }

    @Override
    public String toString() {
        return "Observed[" + description.method() + "]";
    }

    /** One shared default convention: it is stateless. */
    private static final class DefaultConvention {
        static final DefaultResilienceCallObservationConvention INSTANCE = new DefaultResilienceCallObservationConvention();
    }
}
