package dev.resilience.spring.aop;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.ExceptionClassifier;
import dev.resilience.core.Exceptions;
import dev.resilience.core.Stages;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ListenerList;
import dev.resilience.core.event.ListenerList.Notification;
import dev.resilience.fallback.Fallback;
import dev.resilience.fallback.FallbackListener;

import java.util.List;
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
 * outcome is settled and are guarded: one that throws is logged and changes neither the result nor which
 * fallback is tried.
 *
 * <p>It is a {@link Fallback} named {@code SimpleClassName#method}, whose handlers are the fallback methods in
 * order: {@link FallbackListener}s (the application's listener beans, added when the bean is planned) hear
 * {@code onFallback} with the index of the method that produced the result, and {@code onFallbackFailed}.
 *
 * <p>Everything was resolved when the bean was created; a call that succeeds costs one try/catch here.
 */
final class FallbackPolicy implements Fallback<Object> {

    private static final Notification<FallbackListener, Fallback<?>> RECOVERED =
            (listener, fallback, index, unused, failure) -> listener.onFallback(fallback, (int) index,
                    (Throwable) failure);
    private static final Notification<FallbackListener, Fallback<?>> ALL_FAILED =
            (listener, fallback, unused, unusedToo, original) -> listener.onFallbackFailed(fallback,
                    (Throwable) original);

    private final String protectedMethod;
    private final FallbackMethod[] methods;
    private final ExceptionClassifier classifier;
    private final FallbackObserver observer;
    private final ListenerList<FallbackListener> listeners = new ListenerList<>(FallbackListener.class);

    FallbackPolicy(String protectedMethod, FallbackMethod[] methods, ExceptionClassifier classifier,
            FallbackObserver observer) {
        this.protectedMethod = protectedMethod;
        this.methods = methods.clone();
        this.classifier = classifier;
        this.observer = observer;
    }

    @Override
    public String name() {
        return protectedMethod;
    }

    @Override
    public List<Class<? extends Throwable>> applyOn() {
        return classifier.recordedTypes();
    }

    @Override
    public List<Class<? extends Throwable>> ignore() {
        return classifier.ignoredTypes();
    }

    @Override
    public int handlerCount() {
        return methods.length;
    }

    @Override
    public void addListener(FallbackListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(FallbackListener listener) {
        listeners.remove(listener);
    }

    @Override
    public FallbackListener onEvent(EventConsumer consumer) {
        FallbackListener adapter = FallbackListener.events(consumer);
        listeners.add(adapter);
        return adapter;
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
            MethodCall methodCall = (MethodCall) call;
            for (int i = 0; i < methods.length; i++) {
                FallbackMethod method = methods[i];
                FallbackMethod.Candidate candidate = method.candidateFor(failure);
                if (candidate == null) {
                    continue;
                }
                T result;
                try {
                    result = (T) method.invoke(candidate, methodCall.target(), methodCall.arguments(), failure);
                } catch (Throwable fallbackFailure) {
                    Exceptions.addSuppressed(failure, fallbackFailure);
                    continue;
                }
                succeeded(method, i, failure);
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
            tryAsync((MethodCall.Async) call, failure, 0, result);
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
    private <T> void tryAsync(MethodCall.Async call, Throwable failure, int index, CompletableFuture<T> result) {
        for (int i = index; i < methods.length; i++) {
            FallbackMethod method = methods[i];
            FallbackMethod.Candidate candidate = method.candidateFor(failure);
            if (candidate == null) {
                continue;
            }
            CompletionStage<Object> attempt;
            try {
                attempt = call.adapt(method.invoke(candidate, call.target(), call.arguments(), failure));
            } catch (Throwable fallbackFailure) {
                Exceptions.addSuppressed(failure, fallbackFailure);
                continue;
            }
            int handlerIndex = i;
            int following = i + 1;
            attempt.whenComplete((value, error) -> {
                if (error == null) {
                    succeeded(method, handlerIndex, failure);
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

    private void succeeded(FallbackMethod method, int handlerIndex, Throwable failure) {
        try {
            observer.onFallbackSucceeded(protectedMethod, method.toString(), failure);
        } catch (Throwable observerFailure) {
            ListenerList.failed(observer, observerFailure);
        }
        listeners.deliver(RECOVERED, this, handlerIndex, failure);
    }

    private void failed(Throwable failure) {
        try {
            observer.onFallbackFailed(protectedMethod, failure);
        } catch (Throwable observerFailure) {
            ListenerList.failed(observer, observerFailure);
        }
        listeners.deliver(ALL_FAILED, this, 0L, failure);
    }

    @Override
    public String toString() {
        return "Fallback" + java.util.Arrays.toString(methods);
    }
}
