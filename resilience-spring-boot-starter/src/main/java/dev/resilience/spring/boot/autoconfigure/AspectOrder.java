package dev.resilience.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The order in which stacked resilience annotations compose, outermost first, by pattern key, validated from
 * {@code resilience.aspect-order}.
 *
 * <p>The default, from the contract, is {@value #DEFAULT_DESCRIPTION}: each retry attempt passes through the
 * circuit breaker, and the fallback sees only the final outcome. {@code resilience.aspect-order} lists keys
 * outermost first; a partial list reorders only the keys it names, among the places those keys hold in the
 * default order, so {@code [circuit-breaker, retry]} gives fallback, circuit-breaker, retry, rate-limiter,
 * timeout, bulkhead. A thread-pool bulkhead takes the place of {@code bulkhead}. Each key may appear once.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AspectOrder {

    /** The default order as text. */
    public static final String DEFAULT_DESCRIPTION =
            "fallback, retry, circuit-breaker, rate-limiter, timeout, bulkhead";

    /** The default order, outermost first. */
    public static final List<String> DEFAULT_KEYS =
            List.of("fallback", "retry", "circuit-breaker", "rate-limiter", "timeout", "bulkhead");

    private static final String PROPERTY = ResilienceProperties.PREFIX + ".aspect-order";

    private static final AspectOrder DEFAULT = new AspectOrder(DEFAULT_KEYS);

    private final List<String> keys;

    private AspectOrder(List<String> keys) {
        this.keys = List.copyOf(keys);
    }

    /** The default order. */
    public static AspectOrder defaultOrder() {
        return DEFAULT;
    }

    /**
     * The order that {@code resilience.aspect-order} describes.
     *
     * @param configured the configured keys, outermost first; empty for the default order
     * @throws ResilienceConfigurationException naming {@code resilience.aspect-order[i]} for an unknown or a
     *         repeated key
     */
    public static AspectOrder of(List<String> configured) {
        Objects.requireNonNull(configured, "configured");
        if (configured.isEmpty()) {
            return DEFAULT;
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> listed = new ArrayList<>(configured.size());
        for (int i = 0; i < configured.size(); i++) {
            String property = PROPERTY + "[" + i + "]";
            String raw = configured.get(i);
            String key = raw == null ? "" : raw.trim();
            if (!DEFAULT_KEYS.contains(key)) {
                String hint = key.equals("thread-pool-bulkhead")
                        ? "; a thread-pool bulkhead takes the place of 'bulkhead', list that instead" : "";
                throw new ResilienceConfigurationException(
                        "Invalid '" + property + "' (" + raw + "): must be one of " + DEFAULT_KEYS + hint,
                        "Set '" + PROPERTY + "' to pattern keys, outermost first, each at most once, for example ["
                                + DEFAULT_DESCRIPTION + "].",
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
        List<String> keys = new ArrayList<>(DEFAULT_KEYS);
        int next = 0;
        for (int slot = 0; slot < keys.size(); slot++) {
            if (seen.containsKey(keys.get(slot))) {
                keys.set(slot, listed.get(next++));
            }
        }
        return new AspectOrder(keys);
    }

    /** Every pattern key, outermost first: always the six keys of {@link #DEFAULT_KEYS}, in this order. */
    public List<String> keys() {
        return keys;
    }

    /**
     * The place of a pattern, 0 being outermost; {@code thread-pool-bulkhead} has the place of
     * {@code bulkhead}.
     *
     * @throws IllegalArgumentException for an unknown key
     */
    public int position(String key) {
        int position = keys.indexOf("thread-pool-bulkhead".equals(key) ? "bulkhead" : key);
        if (position < 0) {
            throw new IllegalArgumentException("Unknown pattern key '" + key + "'; known: " + DEFAULT_KEYS);
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
