package dev.resilience.spring.cloud;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.resilience.core.Pipeline;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;

/**
 * Spring Cloud's {@link CircuitBreakerFactory} backed by dev.resilience: {@code create("backend")} is the
 * circuit breaker {@code backend} of the application's {@code CircuitBreakerRegistry} (configured under
 * {@code resilience.circuit-breaker.instances.backend}, shared with {@code @CircuitBreaker(name = "backend")}),
 * optionally with the timeout and bulkhead of the same name inside it (see
 * {@link ResilienceSpringCloudProperties} and {@link ResilienceCircuitBreakerSettings}).
 *
 * <p>{@code run(supplier, fallback)} gives {@code fallback} every failure of the protected call: the call's own
 * exception, {@link dev.resilience.circuitbreaker.CallNotPermittedException} while the breaker is open,
 * {@link dev.resilience.timeout.TimeoutExceededException} and
 * {@link dev.resilience.bulkhead.BulkheadFullException}. Only fatal errors ({@link VirtualMachineError},
 * {@link LinkageError}) skip the fallback. {@code run(supplier)} without a fallback throws Spring Cloud's
 * {@code NoFallbackAvailableException} with the failure as its cause.
 *
 * <p>{@code create(id, group)}: for an id without instance properties of its own, the group names the shared
 * configuration to use ({@code resilience.circuit-breaker.configs.<group>}).
 *
 * <p>Programmatic configuration, usually from a {@code Customizer<ResilienceCircuitBreakerFactory>} bean:
 * {@code factory.configure(builder -> builder.timeoutConfig(...), "backend")},
 * {@code factory.configureDefault(id -> ...)} and {@link #addCircuitBreakerCustomizer}.
 *
 * <p>Thread-safe. Breakers are built once per id and group and cached, so {@code create} is a map lookup
 * (Spring Cloud OpenFeign calls it for every request).
 *
 * @since 0.1.0
 */
public class ResilienceCircuitBreakerFactory
        extends CircuitBreakerFactory<ResilienceCircuitBreakerSettings, ResilienceCircuitBreakerSettings.Builder> {

    private final FactoryState<CircuitBreaker> state;

    /** A factory over these pipelines; the auto-configuration makes one from the application's registries. */
    ResilienceCircuitBreakerFactory(CircuitBreakerPipelines pipelines) {
        this.state = new FactoryState<>(pipelines, SyncCircuitBreaker::new);
    }

    @Override
    public CircuitBreaker create(String id) {
        return state.get(id, null, getConfigurations());
    }

    @Override
    public CircuitBreaker create(String id, @Nullable String groupName) {
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

    /** The settings of every id not given to {@link #configure}; default: all from the properties. */
    @Override
    public void configureDefault(Function<String, ResilienceCircuitBreakerSettings> defaultConfiguration) {
        state.configureDefault(defaultConfiguration);
    }

    /**
     * Customizes the dev.resilience breaker of each id once, when the factory first builds it (for example to
     * add a listener): the breaker is shared with annotations of the same name and lives in the registry.
     */
    public void addCircuitBreakerCustomizer(Customizer<dev.resilience.circuitbreaker.CircuitBreaker> customizer,
            String... ids) {
        state.addBreakerCustomizer(customizer, ids);
    }

    /** One id's circuit breaker: the id's pipeline, then the fallback. */
    private static final class SyncCircuitBreaker implements CircuitBreaker {

        private final String id;
        private final Pipeline pipeline;

        SyncCircuitBreaker(String id, Pipeline pipeline) {
            this.id = id;
            this.pipeline = pipeline;
        }

        @Override
        public <T> T run(Supplier<T> toRun, Function<Throwable, T> fallback) {
            try {
                return pipeline.execute(toRun::get);
            } catch (VirtualMachineError | LinkageError fatal) {
                throw fatal;
            } catch (Throwable failure) {
                return fallback.apply(failure);
            }
        }

        @Override
        public String toString() {
            return "ResilienceCircuitBreaker[" + id + ": " + pipeline + "]";
        }
    }
}
