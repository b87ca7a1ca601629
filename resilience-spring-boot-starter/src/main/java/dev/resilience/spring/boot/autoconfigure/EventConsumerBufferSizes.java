package dev.resilience.spring.boot.autoconfigure;

import java.util.Objects;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

/**
 * The {@code event-consumer-buffer-size} of each pattern instance, as the instance of a given pattern key
 * ({@code circuit-breaker}, {@code retry}, {@code bulkhead}, {@code thread-pool-bulkhead},
 * {@code rate-limiter}, {@code timeout}) and name sees it: its own value, else the one it inherits through
 * {@code base-config} and the {@code default} config, else none, meaning {@code resilience.events.buffer-size}.
 *
 * <p>The bean ({@code eventConsumerBufferSizes}) that {@link ResilienceAutoConfiguration} creates reads the
 * properties resolved last. The events buffer asks once per instance, when the instance's first event arrives.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class EventConsumerBufferSizes {

    private static final EventConsumerBufferSizes NONE = of((pattern, name) -> null);

    private final BiFunction<String, String, @Nullable Integer> sizes;

    private EventConsumerBufferSizes(BiFunction<String, String, @Nullable Integer> sizes) {
        this.sizes = Objects.requireNonNull(sizes, "sizes");
    }

    /**
     * Sizes given by a function of the pattern key and instance name; {@code null} means the default.
     *
     * @throws NullPointerException when {@code sizes} is {@code null}
     */
    public static EventConsumerBufferSizes of(BiFunction<String, String, @Nullable Integer> sizes) {
        return new EventConsumerBufferSizes(sizes);
    }

    /** No instance sets a size: every instance keeps {@code resilience.events.buffer-size} events. */
    public static EventConsumerBufferSizes none() {
        return NONE;
    }

    /**
     * The number of events to keep for the instance {@code name} of {@code pattern}, or {@code defaultSize}
     * when it sets none.
     */
    public int bufferSize(String pattern, String name, int defaultSize) {
        Integer size = sizes.apply(pattern, name);
        return size != null && size > 0 ? size : defaultSize;
    }
}
