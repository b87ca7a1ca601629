package dev.resilience.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.resilience.spring.boot.pattern.PatternDescriptor;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The order in which stacked resilience annotations compose, outermost first, by pattern order key, validated
 * from {@code resilience.aspect-order}.
 *
 * <p>The default order is not written here: it is the pattern descriptors' {@link
 * PatternDescriptor#defaultPosition() default positions}, which for the built-in patterns give
 * fallback, retry, circuit-breaker, rate-limiter, timeout, bulkhead ({@link #DEFAULT_KEYS}): each retry attempt passes through the circuit breaker, and the fallback sees
 * only the final outcome. {@code resilience.aspect-order} lists keys outermost first; a partial list reorders
 * only the keys it names, among the places those keys hold in the default order, so
 * {@code [circuit-breaker, retry]} gives fallback, circuit-breaker, retry, rate-limiter, timeout, bulkhead. A
 * pattern whose {@link PatternDescriptor#orderKey() order key} is another's takes that one's place (a
 * thread-pool bulkhead takes the place of {@code bulkhead}). Each key may appear once.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AspectOrder {

    private static final String PROPERTY = ResilienceProperties.PREFIX + ".aspect-order";

    private static final AspectOrder DEFAULT = defaults(
            ResilienceAutoConfiguration.BuiltInPatternDescriptors.all(new StaticListableBeanFactory()));

    /** The default order of the built-in patterns, outermost first, from their descriptors. */
    public static final List<String> DEFAULT_KEYS = DEFAULT.keys;

    /** The default order of the built-in patterns as text: fallback, retry, circuit-breaker, rate-limiter, timeout, bulkhead. */
    public static final String DEFAULT_DESCRIPTION = String.join(", ", DEFAULT_KEYS);

    private final List<String> keys;

    /** Every pattern key to the order key whose place it takes. */
    private final Map<String, String> places;

    private AspectOrder(List<String> keys, Map<String, String> places) {
        this.keys = List.copyOf(keys);
        this.places = Map.copyOf(places);
    }

    /** The default order of the built-in patterns. */
    public static AspectOrder defaultOrder() {
        return DEFAULT;
    }

    /**
     * The order that {@code resilience.aspect-order} describes, over the built-in patterns.
     *
     * @param configured the configured keys, outermost first; empty for the default order
     * @throws ResilienceConfigurationException naming {@code resilience.aspect-order[i]} for an unknown or a
     *         repeated key
     */
    public static AspectOrder of(List<String> configured) {
        return DEFAULT.reordered(configured);
    }

    /**
     * The order that {@code resilience.aspect-order} describes, over the patterns of {@code descriptors}.
     *
     * @param configured the configured keys, outermost first; empty for the default order
     * @param descriptors every pattern: their order keys and default positions give the default order
     * @throws ResilienceConfigurationException naming {@code resilience.aspect-order[i]} for an unknown or a
     *         repeated key
     */
    public static AspectOrder of(List<String> configured,
            Collection<? extends PatternDescriptor<?, ?>> descriptors) {
        return defaults(descriptors).reordered(configured);
    }

    /** The default order of {@code descriptors}: their order keys by default position, outermost first. */
    private static AspectOrder defaults(Collection<? extends PatternDescriptor<?, ?>> descriptors) {
        Map<String, Integer> positions = new LinkedHashMap<>();
        Map<String, String> places = new HashMap<>();
        for (PatternDescriptor<?, ?> descriptor : descriptors) {
            if (descriptor.annotation() == null) {
                continue; // not composed on annotated methods
            }
            positions.merge(descriptor.orderKey(), descriptor.defaultPosition(), Math::min);
            places.put(descriptor.key(), descriptor.orderKey());
            places.put(descriptor.orderKey(), descriptor.orderKey());
        }
        List<String> keys = new ArrayList<>(positions.keySet());
        keys.sort(Comparator.comparingInt(positions::get));
        return new AspectOrder(keys, places);
    }

    private AspectOrder reordered(List<String> configured) {
        Objects.requireNonNull(configured, "configured");
        if (configured.isEmpty()) {
            return this;
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> listed = new ArrayList<>(configured.size());
        for (int i = 0; i < configured.size(); i++) {
            String property = PROPERTY + "[" + i + "]";
            String raw = configured.get(i);
            String key = raw == null ? "" : raw.trim();
            if (!keys.contains(key)) {
                String place = places.get(key);
                String hint = place == null ? "" : "; a " + spoken(key) + " takes the place of '" + place
                        + "', list that instead";
                throw new ResilienceConfigurationException(
                        "Invalid '" + property + "' (" + raw + "): must be one of " + keys + hint,
                        "Set '" + PROPERTY + "' to pattern keys, outermost first, each at most once, for example ["
                                + String.join(", ", keys) + "].",
                        property, null);
            }
            Integer previous = seen.putIfAbsent(key, i);
            if (previous != null) {
                throw new ResilienceConfigurationException(
                        "Invalid '" + property + "' (" + key + "): already listed at '" + PROPERTY + "[" + previous
                                + "]'; each key may appear at most once",
                        "Remove one of the two '" + key + "' entries from '" + PROPERTY + "'.", property, null);
            }
            listed.add(key);
        }
        // The listed keys take, in the listed order, the places they hold in the default order.
        List<String> reordered = new ArrayList<>(keys);
        int next = 0;
        for (int slot = 0; slot < reordered.size(); slot++) {
            if (seen.containsKey(reordered.get(slot))) {
                reordered.set(slot, listed.get(next++));
            }
        }
        return new AspectOrder(reordered, places);
    }

    /** A key as words: {@code thread-pool-bulkhead} is a thread-pool bulkhead. */
    private static String spoken(String key) {
        int last = key.lastIndexOf('-');
        return last < 0 ? key : key.substring(0, last) + " " + key.substring(last + 1);
    }

    /** Every order key, outermost first: the default order's keys, reordered as configured. */
    public List<String> keys() {
        return keys;
    }

    /**
     * The place of a pattern, 0 being outermost; a pattern sharing another's order key has its place
     * ({@code thread-pool-bulkhead} has the place of {@code bulkhead}).
     *
     * @throws IllegalArgumentException for an unknown key
     */
    public int position(String key) {
        int position = keys.indexOf(places.getOrDefault(key, key));
        if (position < 0) {
            throw new IllegalArgumentException("Unknown pattern key '" + key + "'; known: " + keys);
        }
        return position;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AspectOrder order && keys.equals(order.keys);
    }

    @Override
    public int hashCode() {
        return keys.hashCode();
    }

    @Override
    public String toString() {
        return "AspectOrder" + keys;
    }
}
