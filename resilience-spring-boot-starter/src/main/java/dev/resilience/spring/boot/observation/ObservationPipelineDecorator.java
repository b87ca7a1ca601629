package dev.resilience.spring.boot.observation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.resilience.spring.aop.PatternInstances.Layer;
import dev.resilience.spring.aop.PipelineDecorator;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes every protected call of annotated methods as {@value ResilienceObservation#CALL_NAME}, with
 * low-cardinality key values {@code pattern}, {@code name}, {@code method} and {@code outcome}
 * ({@code success}, {@code failure}, {@code rejected}, {@code fallback}), a {@code resilience.retry} event per
 * retry and the {@code attempts} high-cardinality key value on methods with a retry.
 *
 * <p>Adds to each annotated method's pipeline, once when the method is planned: the observing layer outermost,
 * and a probe right inside {@code @Fallback} and right inside {@code @Retry} when the method has them. Only
 * present when observations are switched on ({@code resilience.observations.enabled=true}); without this
 * decorator the pipelines have none of these layers, so calls pay nothing for the feature.
 *
 * <p>Cost when on: an observation per call (context, scope, handlers: a tracing handler creates a span), plus,
 * for methods with a fallback or a retry, one map entry per call to find the call's context from the probes.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class ObservationPipelineDecorator implements PipelineDecorator {

    /** The layer key of the observing layer and of the probes in a decorated pipeline. */
    public static final String LAYER_KEY = "observation";

    private final ObservationRegistry registry;
    private final @Nullable ResilienceCallObservationConvention convention;

    /**
     * @param registry where the observations go
     * @param convention replaces {@link DefaultResilienceCallObservationConvention}; {@code null} for the default
     */
    public ObservationPipelineDecorator(ObservationRegistry registry,
            @Nullable ResilienceCallObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public List<Layer> decorate(String method, List<Layer> layers) {
        List<String> patterns = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        boolean fallback = false;
        boolean retry = false;
        for (Layer layer : layers) {
            if (layer.pattern().equals(LAYER_KEY)) {
                continue;
            }
            patterns.add(layer.pattern());
            fallback |= layer.pattern().equals("fallback");
            retry |= layer.pattern().equals("retry");
            if (!layer.pattern().equals("fallback")) {
                names.add(layer.name());
            }
        }
        if (names.isEmpty()) {
            names.add(method);
        }
        MethodDescription description = new MethodDescription(method, List.copyOf(patterns), List.copyOf(names), retry);
        ConcurrentMap<Object, ResilienceCallContext> inFlight = fallback || retry ? new ConcurrentHashMap<>() : null;
        List<Layer> decorated = new ArrayList<>(layers.size() + 3);
        decorated.add(new Layer(LAYER_KEY, method, new ObservedCall(registry, convention, description, inFlight)));
        for (Layer layer : layers) {
            decorated.add(layer);
            if (inFlight != null && layer.pattern().equals("fallback")) {
                decorated.add(new Layer(LAYER_KEY, method, new Probe(Probe.Kind.FALLBACK, method, inFlight)));
            } else if (inFlight != null && layer.pattern().equals("retry")) {
                decorated.add(new Layer(LAYER_KEY, method, new Probe(Probe.Kind.ATTEMPT, method, inFlight)));
            }
        }
        return decorated;
    }
}
