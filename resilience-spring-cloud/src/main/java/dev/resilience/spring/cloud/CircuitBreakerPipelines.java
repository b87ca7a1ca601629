package dev.resilience.spring.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.Pipeline;
import dev.resilience.core.Policy;
import dev.resilience.core.registry.Registry;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.properties.PatternProperties;
import dev.resilience.spring.cloud.ResilienceSpringCloudProperties.Scope;
import dev.resilience.timeout.TimeoutRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Builds the pipeline behind one Spring Cloud circuit breaker id from the registries: the breaker of that
 * name, then (as the settings and {@code resilience.spring-cloud.*} say) a timeout and a bulkhead of the same
 * name, in the order of {@code resilience.aspect-order}. Called once per id and group (the factories cache the
 * result), never per call.
 *
 * <p>A group (from {@code create(id, group)}) names the shared configuration to use for an id that has no
 * instance properties of its own: {@code resilience.circuit-breaker.configs.<group>}, and likewise for the
 * timeout and the bulkhead.
 */
final class CircuitBreakerPipelines {

    private static final Set<String> KEYS = Set.of("circuit-breaker", "timeout", "bulkhead");

    private final CircuitBreakerRegistry circuitBreakers;
    private final TimeoutRegistry timeouts;
    private final BulkheadRegistry bulkheads;
    private final @Nullable ResilienceProperties properties;
    private final ResilienceSpringCloudProperties cloud;
    private final List<String> order;

    /**
     * @param properties the bound {@code resilience.*} properties, to tell which ids they configure; {@code null}
     *        when the application built its registries without them (then only {@code all} scopes add a timeout
     *        or bulkhead from properties)
     * @param order the pattern keys outermost first ({@code resilience.aspect-order}); others are ignored
     */
    CircuitBreakerPipelines(CircuitBreakerRegistry circuitBreakers, TimeoutRegistry timeouts,
            BulkheadRegistry bulkheads, @Nullable ResilienceProperties properties,
            ResilienceSpringCloudProperties cloud, List<String> order) {
        this.circuitBreakers = circuitBreakers;
        this.timeouts = timeouts;
        this.bulkheads = bulkheads;
        this.properties = properties;
        this.cloud = cloud;
        this.order = order.stream().filter(KEYS::contains).toList();
    }

    /**
     * The pipeline of {@code id}.
     *
     * @param breakerCustomizer called with the breaker (the factory applies each customizer once per breaker)
     */
    Pipeline pipeline(String id, @Nullable String group, ResilienceCircuitBreakerSettings settings,
            Consumer<CircuitBreaker> breakerCustomizer) {
        CircuitBreaker breaker = instance(circuitBreakers, id, group, settings.circuitBreakerConfig(),
                properties == null ? null : properties.getCircuitBreaker());
        breakerCustomizer.accept(breaker);
        Policy timeout = optional(timeouts, id, group, settings.timeoutConfig(), settings.timeoutDisabled(),
                cloud.getTimeouts(), properties == null ? null : properties.getTimeout());
        Policy bulkhead = optional(bulkheads, id, group, settings.bulkheadConfig(), settings.bulkheadDisabled(),
                cloud.getBulkheads(), properties == null ? null : properties.getBulkhead());
        List<Policy> layers = new ArrayList<>(3);
        for (String key : order) {
            Policy layer = switch (key) {
                case "circuit-breaker" -> breaker;
                case "timeout" -> timeout;
                default -> bulkhead;
            };
            if (layer != null) {
                layers.add(layer);
            }
        }
        return Pipeline.of("spring-cloud:" + id, layers);
    }

    /** The breaker {@code id} if the registry holds it; never creates one. */
    java.util.Optional<CircuitBreaker> existingBreaker(String id) {
        return circuitBreakers.find(id);
    }

    private static <E extends Policy, C> @Nullable E optional(Registry<E, C, ?> registry, String id,
            @Nullable String group, @Nullable C config, boolean disabled, Scope scope,
            @Nullable PatternProperties<?> properties) {
        if (disabled) {
            return null;
        }
        boolean applies = config != null || switch (scope) {
            case ALL -> true;
            case NONE -> false;
            case CONFIGURED -> properties != null && (properties.getInstances().containsKey(id)
                    || (group != null && properties.getConfigs().containsKey(group)));
        };
        return applies ? instance(registry, id, group, config, properties) : null;
    }

    private static <E, C> E instance(Registry<E, C, ?> registry, String id, @Nullable String group,
            @Nullable C config, @Nullable PatternProperties<?> properties) {
        if (config != null) {
            registry.configureInstance(id, config);
            return registry.get(id);
        }
        boolean ownProperties = properties != null && properties.getInstances().containsKey(id);
        if (group != null && !ownProperties && registry.find(id).isEmpty()) {
            Map<String, C> configs = registry.configs();
            if (configs.containsKey(group)) {
                return registry.get(id, group);
            }
        }
        return registry.get(id);
    }
}
