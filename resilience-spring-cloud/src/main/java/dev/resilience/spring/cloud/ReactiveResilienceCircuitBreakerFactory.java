package dev.resilience.spring.cloud;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.resilience.core.Pipeline;
import dev.resilience.core.Stages;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;

/**
 * Spring Cloud's {@link ReactiveCircuitBreakerFactory} backed by dev.resilience: the same ids, settings and
 * properties as {@link ResilienceCircuitBreakerFactory}, for {@code Mono} and {@code Flux}.
 *
 * <p>Nothing blocks. Each subscription is one call through the id's pipeline: the breaker records the
 * publisher's terminal signal (a {@code Flux} succeeds when it completes), a timeout bounds the whole
 * publisher and cancels it when it runs out, a bulkhead holds its place until the publisher terminates, and
 * cancelling the subscription cancels the call. The fallback gets every failure but fatal errors, as in the
 * blocking factory; elements a {@code Flux} emitted before it failed stay emitted, and the fallback's follow.
 *
 * <p>Thread-safe; breakers are built once per id and group.
 *
 * @since 0.1.0
 */
public class ReactiveResilienceCircuitBreakerFactory extends
        ReactiveCircuitBreakerFactory<ResilienceCircuitBreakerSettings, ResilienceCircuitBreakerSettings.Builder> {

    private final FactoryState<ReactiveCircuitBreaker> state;

    ReactiveResilienceCircuitBreakerFactory(CircuitBreakerPipelines pipelines) {
        this.state = new FactoryState<>(pipelines, ReactorCircuitBreaker::new);
    }

    @Override
    public ReactiveCircuitBreaker create(String id) {
        return state.get(id, null, getConfigurations());
    }

    @Override
    public ReactiveCircuitBreaker create(String id, @Nullable String groupName) {
        return state.get(id, groupName, getConfigurations());
    }

    @Override
    protected ResilienceCircuitBreakerSettings.Builder configBuilder(String id) {
        return ResilienceCircuitBreakerSettings.builder();
    }

    @Override
    public void configure(Consumer<ResilienceCircuitBreakerSettings.Builder> consumer, String... ids) {
        super.configure(consumer, ids);
        state.forget(ids);
    }

    @Override
    public void configureDefault(Function<String, ResilienceCircuitBreakerSettings> defaultConfiguration) {
        state.configureDefault(defaultConfiguration);
    }

    /** As {@link ResilienceCircuitBreakerFactory#addCircuitBreakerCustomizer}. */
    public void addCircuitBreakerCustomizer(Customizer<dev.resilience.circuitbreaker.CircuitBreaker> customizer,
            String... ids) {
        state.addBreakerCustomizer(customizer, ids);
    }

    private static boolean recoverable(Throwable failure) {
        return !(failure instanceof VirtualMachineError || failure instanceof LinkageError);
    }

    /** One id's reactive circuit breaker: the publisher runs as one asynchronous call of the pipeline. */
    private static final class ReactorCircuitBreaker implements ReactiveCircuitBreaker {

        private final String id;
        private final Pipeline pipeline;

        ReactorCircuitBreaker(String id, Pipeline pipeline) {
            this.id = id;
            this.pipeline = pipeline;
        }

        @Override
        public <T> Mono<T> run(Mono<T> toRun, @Nullable Function<Throwable, Mono<T>> fallback) {
            // singleOrEmpty waits for completion: the call ends with the Mono's terminal signal, not its value.
            Mono<T> guarded = guard(toRun).singleOrEmpty();
            return fallback == null ? guarded : guarded.onErrorResume(ReactiveResilienceCircuitBreakerFactory::recoverable, fallback);
        }

        @Override
        public <T> Flux<T> run(Flux<T> toRun, @Nullable Function<Throwable, Flux<T>> fallback) {
            Flux<T> guarded = guard(toRun);
            return fallback == null ? guarded : guarded.onErrorResume(ReactiveResilienceCircuitBreakerFactory::recoverable, fallback);
        }

        /**
         * Each subscription is one asynchronous call of the pipeline whose stage completes with the publisher;
         * the elements go straight to the subscriber. Cancelling the subscription disposes the publisher's
         * subscription and cancels the stage (so a bulkhead place is given back and a timeout task dropped).
         */
        private <T> Flux<T> guard(Publisher<T> toRun) {
            return Flux.create(sink -> {
                AtomicReference<Disposable> current = new AtomicReference<>();
                CompletionStage<Void> done = pipeline.executeAsync(() -> {
                    CompletableFuture<Void> attempt = new CompletableFuture<>();
                    Disposable subscription = Flux.from(toRun).subscribe(sink::next, attempt::completeExceptionally,
                            () -> attempt.complete(null));
                    current.set(subscription);
                    attempt.whenComplete((ignored, error) -> {
                        // Cancelled from outside (a timeout ran out): stop the publisher.
                        if (attempt.isCancelled()) {
                            subscription.dispose();
                        }
                    });
                    return attempt;
                });
                sink.onCancel(() -> {
                    Disposable subscription = current.get();
                    if (subscription != null) {
                        subscription.dispose();
                    }
                    done.toCompletableFuture().cancel(true);
                });
                done.whenComplete((ignored, error) -> {
                    if (error != null) {
                        sink.error(Stages.unwrap(error));
                    } else {
                        sink.complete();
                    }
                });
            });
        }

        @Override
        public String toString() {
            return "ReactiveResilienceCircuitBreaker[" + id + ": " + pipeline + "]";
        }
    }
}
