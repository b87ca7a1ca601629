package dev.resilience.spring.boot.pattern;

import dev.resilience.core.AsyncPolicy;
import java.lang.annotation.Annotation;
import java.util.Map;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.Policy;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.registry.Registry;
import org.jspecify.annotations.Nullable;

/**
 * Everything the Spring integration knows about one pattern, declared once, as a bean: its key, its annotation,
 * its place in the order of composition, its registry, how it builds the layer of an annotated method, and how
 * its instances appear in the {@code resilience} endpoint, the events, the logs and the metrics.
 *
 * <p>The annotation planner, the aspect order, the endpoint, the event buffer, logging, metrics and the
 * dashboard iterate over the descriptor beans and have no list of patterns of their own, so a module or an
 * application adds a pattern by declaring one more {@code PatternDescriptor} bean (and writing its package in
 * core); nothing else is edited.
 *
 * <p>Facets a pattern does not have return {@code null} (no annotation, no registry, no endpoint entry...).
 * Every method is called at start-up (or when an instance is created), never per call. Implementations are
 * immutable and thread-safe.
 *
 * @param <I> the instance type
 * @param <L> the instance's listener type
 * @since 0.2.0
 */
public interface PatternDescriptor<I extends PatternInstance<?, L>, L> {

    /**
     * The pattern key, lower-case and hyphenated ({@code circuit-breaker}): the YAML group
     * {@code resilience.<key>}, the {@code pattern} of its events, the name used in messages.
     */
    String key();

    /**
     * The key that places this pattern in {@code resilience.aspect-order}; {@link #key()} unless the pattern
     * shares another's place ({@code thread-pool-bulkhead} takes the place of {@code bulkhead}).
     */
    default String orderKey() {
        return key();
    }

    /**
     * The place in the default order of composition, outermost first. The built-in patterns take theirs from
     * {@link dev.resilience.core.Pipeline#defaultPosition(String)}, the one definition of the order: fallback 100,
     * retry 200, circuit-breaker 300, rate-limiter 400, timeout 500, bulkhead 600; a new pattern picks a value
     * between the two it sits between. Descriptors sharing an {@link #orderKey()} share one place (and should
     * return the same value). {@code AspectOrder} and {@code resilience.aspect-order} derive from these numbers.
     */
    int defaultPosition();

    /** The annotation that puts this pattern on a bean method, or {@code null} when it has none. */
    @Nullable Class<? extends Annotation> annotation();

    /**
     * The layer of one annotated method, or {@code null} when this descriptor does not apply to it (the method
     * lacks the annotation, or the annotation selects another descriptor of the same annotation). A problem
     * with the annotation is reported through {@link AnnotatedMethod#problem(String)} rather than thrown, so
     * that the start lists every problem of the bean. Called once per annotated method, at start-up.
     */
    @Nullable AsyncPolicy layer(AnnotatedMethod method);

    /**
     * The pattern key its layers carry for {@code PipelineDecorator}s and the observations' pattern list:
     * {@link #key()}, unless the pattern is a variant of another (a keyed rate limiter's layer is a
     * {@code rate-limiter} layer).
     */
    default String layerKey() {
        return key();
    }

    /**
     * Whether this pattern's layer may run the rest of the pipeline more than once for one call (a retry, a
     * hedge): the method invocation is then cloned for each run, as Spring's invocations proceed only once.
     */
    default boolean repeatsCalls() {
        return false;
    }

    /**
     * The live instances of this pattern, or {@code null} for a pattern without a registry (or when the
     * application has no single registry bean of its type). Looked up when asked, so calling it may create the
     * registry.
     */
    @Nullable Registry<? extends I, ?, L> registry();

    /**
     * The type of this pattern's instances ({@code CircuitBreaker.class}): a {@code RegistryListener<X>} bean
     * is added to the registries whose instances are {@code X}s. {@code null} for a pattern without instances
     * (a fallback).
     */
    @Nullable Class<I> instanceType();

    /**
     * The type of this pattern's listeners ({@code CircuitBreakerListener.class}): beans of this type are
     * added to {@link #registry()}, registry-wide, without code.
     */
    Class<L> listenerType();

    /**
     * A listener of this pattern that turns every notification into a
     * {@link dev.resilience.core.event.ResilienceEvent} for {@code consumer} (the pattern's
     * {@code XListener.events(consumer)}).
     */
    L eventListener(EventConsumer consumer);

    /**
     * How {@code resilience.<key>} binds and becomes this pattern's configurations, or {@code null} when the
     * pattern has no YAML group of its own (a fallback is configured by its annotation; the keyed rate limiters
     * by {@code resilience.rate-limiter}). Give it to {@code PatternConfigurations#bind} to build the
     * registry; the group is then validated at start-up, refreshed in place, and its keys checked by the strict
     * unknown-key check.
     */
    default @Nullable PatternConfiguration<?, ?, ?> configuration() {
        return null;
    }

    /**
     * What to write instead of keys users bring to {@code resilience.<key>.configs|instances.<name>} that this
     * pattern does not have (a resilience4j key, an old name), by key as dashed words: the strict unknown-key
     * check adds it to its message. Empty by default.
     */
    default Map<String, String> unknownKeyAdvice() {
        return Map.of();
    }

    /**
     * The path segment of this pattern's instances in the {@code resilience} endpoint
     * ({@code circuit-breakers}: {@code GET /actuator/resilience/circuit-breakers/{name}}), or {@code null}
     * when its instances are not shown there.
     */
    default @Nullable String endpointSegment() {
        return null;
    }

    /**
     * The field of {@code GET /actuator/resilience} that holds this pattern's instances by name, or
     * {@code null} with {@link #endpointSegment()}: by default the segment in camel case
     * ({@code circuit-breakers} is {@code circuitBreakers}).
     */
    default @Nullable String endpointField() {
        String segment = endpointSegment();
        if (segment == null) {
            return null;
        }
        StringBuilder field = new StringBuilder(segment.length());
        boolean upper = false;
        for (char c : segment.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                field.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return field.toString();
    }

    /**
     * The entry of one instance in the {@code resilience} endpoint: an object the endpoint's JSON mapper
     * writes (a record), carrying the instance's name, its key settings and its live figures.
     */
    default @Nullable Object describe(I instance) {
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Observability facets: the endpoint's order, entries that need the context, meters, logging, health.

    /**
     * The place of this pattern's field in {@code GET /actuator/resilience} (and in the list of segments an
     * unknown-pattern error gives), smallest first, ties by {@link #endpointField()}. The built-in patterns keep
     * the order of 0.1 (circuit breakers 10, retries 20, bulkheads 30, thread-pool bulkheads 40, rate limiters
     * 50, keyed rate limiters 60, timeouts 70); a pattern that says nothing comes after them.
     */
    default int endpointPosition() {
        return Integer.MAX_VALUE;
    }

    /**
     * The entry of one instance in the {@code resilience} endpoint when the entry needs more than the instance
     * (a circuit breaker's last transitions and cumulative calls come from beans of the endpoint's
     * configuration); {@link #describe(PatternInstance) describe(instance)} unless overridden. Called when the
     * endpoint is read, never per call.
     *
     * @param beans the application's beans, to look up what the entry shows besides the instance
     */
    default @Nullable Object describe(I instance, org.springframework.beans.factory.BeanFactory beans) {
        return describe(instance);
    }

    /**
     * The meters of one instance of this pattern, or {@code null} for none. The metrics auto-configuration
     * follows {@link #registry()} with one {@code MeterBinder} that calls it for every instance, created later
     * ones included, and removes an instance's meters with it. Only called when Micrometer is present; keep
     * the binder in a class of its own (a method reference to it) so that this descriptor loads without
     * Micrometer.
     */
    default dev.resilience.spring.boot.metrics.@Nullable InstanceMeterBinder<I> meterBinder() {
        return null;
    }

    /**
     * The logger this pattern's lines go to ({@code logging.level.<name>} sets what is logged):
     * {@code dev.resilience.<key without hyphens>} unless overridden.
     */
    default String loggerName() {
        return "dev.resilience." + key().replace("-", "");
    }

    /**
     * A listener that logs what an instance does on {@code log}, building each message only when its level is
     * enabled and nothing for a successful call; or {@code null} (the default) to log the pattern's
     * {@link #eventListener events} generically: every event that is not routine, at DEBUG, as
     * {@code <key> '<name>': <TYPE> {details}}.
     */
    default @Nullable L logListener(org.apache.commons.logging.Log log) {
        return null;
    }

    /**
     * The key of the pattern whose registry-wide listeners already hear this pattern's instances, or
     * {@code null} (the default): keyed rate limiters hear the rate limiter registry's listeners, so the
     * events buffer and logging, which add registry-wide listeners, follow them through the rate limiter
     * descriptor (and record their events under that key) rather than a second time.
     */
    default @Nullable String listenedThrough() {
        return null;
    }

    /**
     * The health of this pattern's instances, or {@code null} for none (the default): the health
     * auto-configuration registers one composite contributor per descriptor that has one, with an indicator
     * per listed instance.
     *
     * @param beans the application's beans, to look up the health settings of the instances
     */
    default dev.resilience.spring.boot.actuate.@Nullable PatternHealth<I> health(
            org.springframework.beans.factory.BeanFactory beans) {
        return null;
    }

    /**
     * Whether the instances of {@code descriptor} are heard through another pattern of {@code descriptors}
     * ({@link #listenedThrough()} names one that has a registry), so that a registry-wide listener must not be
     * added to its own registry as well.
     */
    static boolean isListenedThroughAnother(PatternDescriptor<?, ?> descriptor,
            java.util.Collection<? extends PatternDescriptor<?, ?>> descriptors) {
        String through = descriptor.listenedThrough();
        return through != null && descriptors.stream()
                .anyMatch(other -> other.key().equals(through) && other.registry() != null);
    }
}
