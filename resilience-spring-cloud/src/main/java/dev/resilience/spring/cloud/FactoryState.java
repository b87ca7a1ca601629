package dev.resilience.spring.cloud;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.core.Pipeline;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.circuitbreaker.Customizer;

/**
 * What both factories keep: the default settings, the breaker customizers, and the circuit breakers already
 * made, by id and group. Consumers such as OpenFeign call {@code create(id)} for every call, so a breaker is
 * built once and looked up afterwards; configuring an id again drops what was built for it.
 *
 * @param <B> the factory's circuit breaker type
 */
final class FactoryState<B> {

    private final CircuitBreakerPipelines pipelines;
    private final BiFunction<String, Pipeline, B> wrap;
    private final Map<Key, B> built = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<IdCustomizer> breakerCustomizers = new CopyOnWriteArrayList<>();
    private volatile Function<String, ResilienceCircuitBreakerSettings> defaults =
            id -> ResilienceCircuitBreakerSettings.fromProperties();

    FactoryState(CircuitBreakerPipelines pipelines, BiFunction<String, Pipeline, B> wrap) {
        this.pipelines = pipelines;
        this.wrap = wrap;
    }

    B get(String id, @Nullable String group, Map<String, ResilienceCircuitBreakerSettings> configured) {
        Objects.requireNonNull(id, "id");
        return built.computeIfAbsent(new Key(id, group), key -> {
            ResilienceCircuitBreakerSettings settings = configured.get(id);
            if (settings == null) {
                settings = Objects.requireNonNull(defaults.apply(id), "configureDefault's function returned null");
            }
            Pipeline pipeline = pipelines.pipeline(id, group, settings, breaker -> customize(id, breaker));
            return wrap.apply(id, pipeline);
        });
    }

    void configureDefault(Function<String, ResilienceCircuitBreakerSettings> defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        built.clear();
    }

    void forget(String... ids) {
        for (String id : ids) {
            built.keySet().removeIf(key -> key.id.equals(id));
        }
    }

    void addBreakerCustomizer(Customizer<CircuitBreaker> customizer, String... ids) {
        Objects.requireNonNull(customizer, "customizer");
        // Customizer.once: a breaker is customized once however often it is built (configure() rebuilds).
        Customizer<CircuitBreaker> once = Customizer.once(customizer, CircuitBreaker::name);
        for (String id : ids) {
            breakerCustomizers.add(new IdCustomizer(id, once));
            // Already built: customize the breaker now, as a later create() finds it in the cache.
            if (built.keySet().stream().anyMatch(key -> key.id.equals(id))) {
                pipelines.existingBreaker(id).ifPresent(once::customize);
            }
        }
    }

    private void customize(String id, CircuitBreaker breaker) {
        for (IdCustomizer customizer : breakerCustomizers) {
            if (customizer.id.equals(id)) {
                customizer.customizer.customize(breaker);
            }
        }
    }

    private record Key(String id, @Nullable String group) {
    }

    private record IdCustomizer(String id, Customizer<CircuitBreaker> customizer) {
    }
}
