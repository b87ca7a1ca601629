package dev.resilience.spring.aop;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.resilience.annotation.Bulkhead;
import dev.resilience.annotation.CircuitBreaker;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceAnnotationsAutoConfiguration;
import dev.resilience.spring.boot.autoconfigure.ResilienceAutoConfiguration;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancelling the subscription to an annotated {@code Mono} or {@code Flux} method cancels the method's own
 * publisher, whatever the annotations: the pipeline's policies do not all pass a cancellation on to the stage
 * they wrap, so the plan disposes the attempt's subscription itself. Before, a breaker-only method's upstream
 * kept running after its subscriber left (and a bulkhead kept its place).
 */
class ReactorCancellationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    ResilienceAnnotationsAutoConfiguration.class))
            .withPropertyValues("resilience.bulkhead.instances.streams.max-concurrent-calls=1")
            .withUserConfiguration(StreamsConfiguration.class);

    @Test
    void cancellingAFluxCancelsTheMethodsPublisher() {
        runner.run(context -> {
            Streams streams = context.getBean(Streams.class);
            AtomicBoolean cancelled = new AtomicBoolean();

            Disposable subscription = streams.flux(cancelled).subscribe();
            subscription.dispose();

            await().atMost(Duration.ofSeconds(10)).untilTrue(cancelled);
        });
    }

    @Test
    void cancellingAMonoCancelsTheMethodsPublisher() {
        runner.run(context -> {
            Streams streams = context.getBean(Streams.class);
            AtomicBoolean cancelled = new AtomicBoolean();

            Disposable subscription = streams.mono(cancelled).subscribe();
            subscription.dispose();

            await().atMost(Duration.ofSeconds(10)).untilTrue(cancelled);
        });
    }

    /** A subscriber that leaves abandons the call: the breaker records neither a success nor a failure. */
    @Test
    void aCancelledMonoOrFluxIsNoOutcomeOfTheBreaker() {
        runner.run(context -> {
            Streams streams = context.getBean(Streams.class);
            AtomicBoolean monoCancelled = new AtomicBoolean();
            AtomicBoolean fluxCancelled = new AtomicBoolean();

            streams.mono(monoCancelled).subscribe().dispose();
            streams.flux(fluxCancelled).subscribe().dispose();

            await().atMost(Duration.ofSeconds(10)).untilTrue(monoCancelled);
            await().atMost(Duration.ofSeconds(10)).untilTrue(fluxCancelled);
            dev.resilience.circuitbreaker.CircuitBreaker breaker = context
                    .getBean(dev.resilience.circuitbreaker.CircuitBreakerRegistry.class).get("streams");
            assertThat(breaker.metrics().bufferedCalls()).isZero();
            assertThat(breaker.metrics().failedCalls()).isZero();
        });
    }

    @Test
    void aCancelledCallGivesItsBulkheadPlaceBack() {
        runner.run(context -> {
            Streams streams = context.getBean(Streams.class);
            Disposable subscription = streams.limited(new AtomicBoolean()).subscribe();
            dev.resilience.bulkhead.Bulkhead bulkhead = context.getBean(BulkheadRegistry.class).get("streams");
            assertThat(bulkhead.metrics().availableConcurrentCalls()).isZero();

            subscription.dispose();

            await().atMost(Duration.ofSeconds(10)).until(() -> bulkhead.metrics().availableConcurrentCalls() == 1);
        });
    }

    public static class Streams {

        @CircuitBreaker(name = "streams")
        public Flux<Integer> flux(AtomicBoolean cancelled) {
            return Flux.<Integer>never().doOnCancel(() -> cancelled.set(true));
        }

        @CircuitBreaker(name = "streams")
        public Mono<Integer> mono(AtomicBoolean cancelled) {
            return Mono.<Integer>never().doOnCancel(() -> cancelled.set(true));
        }

        @Bulkhead(name = "streams")
        public Flux<Integer> limited(AtomicBoolean cancelled) {
            return Flux.<Integer>never().doOnCancel(() -> cancelled.set(true));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StreamsConfiguration {

        @Bean
        Streams streams() {
            return new Streams();
        }
    }
}
