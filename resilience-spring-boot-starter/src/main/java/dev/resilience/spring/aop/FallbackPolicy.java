package dev.resilience.spring.aop;

import dev.resilience.core.AbstractPatternInstance;
import dev.resilience.core.AsyncChain;
import dev.resilience.core.CallContext;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.ExceptionClassifier;
import dev.resilience.core.Exceptions;
import dev.resilience.core.Stages;
import dev.resilience.core.event.ListenerList;
import dev.resilience.fallback.Fallback;
import dev.resilience.fallback.FallbackConfig;
import dev.resilience.fallback.FallbackListener;
import dev.resilience.fallback.FallbackNotifications;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The {@code @Fallback} layer of one annotated method: on a failure that {@code applyOn}/{@code ignore}
 * select, tries the resolved fallback methods in order with the call's own arguments. The first that returns
 * gives the result. When every one fails, the original failure is thrown with theirs added as suppressed
 * (boundedly: see {@link Exceptions#addSuppressed}, so a shared exception instance does not grow per call).
 *
 * <p>The {@link FallbackObserver} (metrics, logging, events) and the {@link FallbackListener}s are told after the
 * outcome is settled, through the one guarded {@link ListenerList#deliver} (the observer is the first listener):
 * one that throws is logged and changes neither the result nor which fallback is tried.
 *
 * <p>The target and the arguments come from the call's {@link CallContext}; for an asynchronous call, so does
 * the {@link ResultAdapter} that turns a fallback method's result into the call's stage.
 *
 * <p>It is a {@link Fallback} named {@code SimpleClassName#method}, whose handlers are the fallback methods in
 * order: {@link FallbackListener}s (the application's listener beans, added when the bean is planned) hear
 * {@code onFallback} with the index of the method that produced the result, and {@code onFallbackFailed}.
 *
 * <p>Everything was resolved when the bean was created; a call that succeeds costs one try/catch here.
 */
final class FallbackPolicy extends AbstractPatternInstance<FallbackConfig, FallbackListener>
        implements Fallback<Object> {

    private final String protectedMethod;
    private final FallbackMethod[] methods;
    private final ExceptionClassifier classifier;

    FallbackPolicy(String protectedMethod, FallbackMethod[] methods, ExceptionClassifier classifier,
            FallbackObserver observer) {
        super(protectedMethod, FallbackConfig.of(classifier.recordedTypes(), classifier.ignoredTypes(),
                Clock.systemUTC()), FallbackListener.class, FallbackListener::events);
        this.protectedMethod = protectedMethod;
        this.methods = methods.clone();
        this.classifier = classifier;
        listeners.add(new ObserverListener(observer));
    }

    /** The observer as the first listener, so that one guarded delivery tells both. */
    private final class ObserverListener implements FallbackListener {
        private final FallbackObserver observer;

        ObserverListener(FallbackObserver observer) {
            this.observer = observer;
        }

        @Override
        public void onFallback(Fallback<?> fallback, int handlerIndex, Throwable failure) {
            observer.onFallbackSucceeded(protectedMethod, methods[handlerIndex].toString(), failure);
        }

        @Override
        public void onFallbackFailed(Fallback<?> fallback, Throwable original) {
            observer.onFallbackFailed(protectedMethod, original);
        }

        @Override
        public String toString() {
            return String.valueOf(observer);
        }
    }

    @Override
    public int handlerCount() {
        return methods.length;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
        try {
            return next.proceed(call);
        } catch (Throwable failure) {
            if (!classifier.isRecorded(failure)) {
                throw failure;
            }
            CallContext context = CallContext.of(call);
            for (int i = 0; i < methods.length; i++) {
                FallbackMethod method = methods[i];
                FallbackMethod.Candidate candidate = method.candidateFor(failure);
                if (candidate == null) {
                    continue;
                }
                T result;
                try {
                    result = (T) method.invoke(candidate, context.target(), context.arguments(), failure);
                } catch (Throwable fallbackFailure) {
                    Exceptions.addSuppressed(failure, fallbackFailure);
                    continue;
                }
                succeeded(i, failure);
                return result;
            }
            failed(failure);
            throw failure;
        }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
        CompletionStage<T> stage = next.proceed(call);
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable failure = Stages.unwrap(error);
            if (!classifier.isRecorded(failure)) {
                result.completeExceptionally(failure);
                return;
            }
            tryAsync(CallContext.of(call), failure, 0, result);
        });
        // Cancelling what the caller holds cancels the call in flight.
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                stage.toCompletableFuture().cancel(true);
            }
        });
        return result;
    }

    /** Tries the fallbacks from {@code index} on, one stage after another, without blocking. */
    @SuppressWarnings("unchecked")
    private <T> void tryAsync(CallContext call, Throwable failure, int index, CompletableFuture<T> result) {
        for (int i = index; i < methods.length; i++) {
            FallbackMethod method = methods[i];
            FallbackMethod.Candidate candidate = method.candidateFor(failure);
            if (candidate == null) {
                continue;
            }
            CompletionStage<Object> attempt;
            try {
                attempt = adapt(call, method.invoke(candidate, call.target(), call.arguments(), failure));
            } catch (Throwable fallbackFailure) {
                Exceptions.addSuppressed(failure, fallbackFailure);
                continue;
            }
            int handlerIndex = i;
            int following = i + 1;
            attempt.whenComplete((value, error) -> {
                if (error == null) {
                    succeeded(handlerIndex, failure);
                    result.complete((T) value);
                } else {
                    Exceptions.addSuppressed(failure, Stages.unwrap(error));
                    tryAsync(call, failure, following, result);
                }
            });
            return;
        }
        failed(failure);
        result.completeExceptionally(failure);
    }

    /** A fallback method's result (a stage, a publisher or a plain value) as the call's stage. */
    private static CompletionStage<Object> adapt(CallContext call, Object fallbackResult) {
        ResultAdapter adapter = call.attribute(MethodCall.RESULT_ADAPTER);
        return adapter == null ? CompletableFuture.completedFuture(fallbackResult) : adapter.toStage(fallbackResult);
    }

    private void succeeded(int handlerIndex, Throwable failure) {
        FallbackNotifications.recovered(listeners, this, handlerIndex, failure);
    }

    private void failed(Throwable failure) {
        FallbackNotifications.allFailed(listeners, this, failure);
    }

    @Override
    public String toString() {
        return "Fallback" + java.util.Arrays.toString(methods);
    }
}
