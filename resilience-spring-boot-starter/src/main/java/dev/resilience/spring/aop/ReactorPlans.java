package dev.resilience.spring.aop;

import dev.resilience.core.AsyncPipeline;
import org.aopalliance.intercept.MethodInvocation;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reactor return types. The only class of the starter that refers to Reactor; it is loaded only when
 * {@code reactor-core} is on the classpath, so applications without Reactor never load a Reactor class.
 *
 * <p>Both types run through the same asynchronous pipeline as {@code CompletionStage} methods, lazily, once
 * per subscription: a {@code Mono} is one attempt's value; a {@code Flux} streams each attempt's elements to
 * the subscriber and its stage completes when the attempt's flux completes. So a retry resubscribes to a
 * fresh publisher from the method, the breaker records the terminal signal, a timeout bounds the whole
 * publisher without parking a thread, and cancelling the subscription cancels the attempt in flight. A retry
 * after a flux has already emitted elements emits them again, as Reactor's own {@code retry()} does.
 */
final class ReactorPlans {

    private ReactorPlans() {
    }

    static boolean isReactive(Class<?> returnType) {
        return returnType == Mono.class || returnType == Flux.class;
    }

    static MethodPlan plan(Method method, AsyncPipeline pipeline) {
        return method.getReturnType() == Mono.class ? new MonoPlan(method, pipeline) : new FluxPlan(method, pipeline);
    }

    private static final class MonoPlan extends MethodPlan {

        MonoPlan(Method method, AsyncPipeline pipeline) {
            super(method, pipeline, true);
        }

        @Override
        Object invoke(MethodInvocation invocation) {
            return Mono.defer(() -> {
                // Not every policy passes a cancellation on to the stage it wraps (a breaker's stage depends on
                // the call's, it is not the call's): so the current attempt's future is cancelled directly,
                // which for Mono.toFuture() cancels the subscription to the method's Mono.
                AtomicReference<CompletableFuture<?>> current = new AtomicReference<>();
                ResultAdapter adapter = result -> {
                    if (result instanceof Mono<?> mono) {
                        CompletableFuture<?> attempt = mono.toFuture();
                        current.set(attempt);
                        return cast(attempt);
                    }
                    return MethodPlan.Stage.ADAPTER.toStage(result);
                };
                CompletionStage<Object> done = pipeline.executeAsync(new MethodCall.Async(invocation, true, adapter));
                return Mono.fromCompletionStage(done).doOnCancel(() -> {
                    // The pipeline's stage first, so that a breaker learns the call was abandoned before the
                    // attempt's cancellation could reach it as the call's failure; then the attempt itself.
                    dev.resilience.core.Stages.cancel(done, true);
                    CompletableFuture<?> attempt = current.get();
                    if (attempt != null) {
                        attempt.cancel(true);
                    }
                });
            });
        }
    }

    private static final class FluxPlan extends MethodPlan {
        FluxPlan(Method method, AsyncPipeline pipeline) {
            super(method, pipeline, true);
        }

        @Override
        Object invoke(MethodInvocation invocation) {
            return Flux.create(sink -> {
                AtomicReference<Disposable> current = new AtomicReference<>();
                ResultAdapter forward = result -> forward(result, sink, current);
                CompletionStage<Object> done = pipeline.executeAsync(new MethodCall.Async(invocation, true, forward));
                // The attempt's subscription is disposed directly: not every policy passes the cancellation of
                // its stage on to the stage it wraps.
                sink.onCancel(() -> {
                    Disposable subscription = current.get();
                    if (subscription != null) {
                        subscription.dispose();
                    }
                    done.toCompletableFuture().cancel(true);
                });
                done.whenComplete((ignored, error) -> {
                    if (error != null) {
                        sink.error(dev.resilience.core.Stages.unwrap(error));
                    } else {
                        sink.complete();
                    }
                });
            });
        }

        /** Streams one attempt's elements into the caller's sink; the stage completes with the attempt. */
        private static CompletionStage<Object> forward(Object result, FluxSink<Object> sink,
                AtomicReference<Disposable> current) {
            if (!(result instanceof org.reactivestreams.Publisher<?> publisher)) {
                // A fallback's plain value: one element.
                sink.next(result);
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Object> done = new CompletableFuture<>();
            Disposable subscription = Flux.from(publisher).subscribe(sink::next, done::completeExceptionally,
                    () -> done.complete(null));
            current.set(subscription);
            done.whenComplete((ignored, error) -> {
                if (done.isCancelled()) {
                    subscription.dispose();
                }
            });
            return done;
        }
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> cast(CompletableFuture<?> future) {
        return (CompletionStage<Object>) (CompletionStage<?>) future;
    }
}
