package dev.resilience.spring.aop;

import dev.resilience.core.AsyncPipeline;
import dev.resilience.core.Pipeline;
import org.aopalliance.intercept.MethodInvocation;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Everything one annotated method needs per call, resolved once when its bean was created: the composed
 * pipeline and how to run the method through it for its return type. {@link #invoke} is the whole per-call
 * work of the annotation support.
 */
abstract class MethodPlan {

    final Method method;
    final AsyncPipeline pipeline;
    final boolean repeatable;

    MethodPlan(Method method, AsyncPipeline pipeline, boolean repeatable) {
        this.method = method;
        this.pipeline = pipeline;
        this.repeatable = repeatable;
    }

    abstract Object invoke(MethodInvocation invocation) throws Throwable;

    @Override
    public String toString() {
        return method.getDeclaringClass().getSimpleName() + "#" + method.getName() + " " + pipeline;
    }

    /** A method returning its result directly, or {@code void}. */
    static final class Sync extends MethodPlan {
        private final Pipeline sync;

        Sync(Method method, Pipeline pipeline, boolean repeatable) {
            super(method, pipeline, repeatable);
            this.sync = pipeline;
        }

        @Override
        Object invoke(MethodInvocation invocation) throws Throwable {
            return sync.execute(new MethodCall.Sync(invocation, repeatable));
        }
    }

    /** A method returning {@code CompletionStage} or {@code CompletableFuture}: nothing blocks. */
    static final class Stage extends MethodPlan {
        static final ResultAdapter ADAPTER = result -> result instanceof CompletionStage<?> stage
                ? castStage(stage)
                : CompletableFuture.completedFuture(result);

        private final boolean completableFuture;

        Stage(Method method, AsyncPipeline pipeline, boolean repeatable) {
            super(method, pipeline, repeatable);
            this.completableFuture = method.getReturnType() == CompletableFuture.class;
        }

        @Override
        Object invoke(MethodInvocation invocation) {
            CompletionStage<Object> stage = pipeline.executeAsync(new MethodCall.Async(invocation, repeatable, ADAPTER));
            return completableFuture ? stage.toCompletableFuture() : stage;
        }

        @SuppressWarnings("unchecked")
        private static CompletionStage<Object> castStage(CompletionStage<?> stage) {
            return (CompletionStage<Object>) stage;
        }
    }
}
