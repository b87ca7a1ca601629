package dev.resilience.spring.boot.autoconfigure.properties;

import org.jspecify.annotations.Nullable;

/**
 * What every level of a pattern's configuration has in common: an entry under
 * {@code resilience.<pattern>.configs.<name>} or {@code resilience.<pattern>.instances.<name>}.
 *
 * <p>Every value of a level is boxed and {@code null} until set: an unset value is inherited from the parent
 * level, which is the {@link #getBaseConfig() base-config} if set, else the {@code default} config, else the
 * built-in defaults of {@code resilience-core}.
 *
 * <p>Not thread-safe: bound once by Spring Boot, then only read.
 *
 * @since 0.1.0
 */
public abstract class InstanceProperties {

    /**
     * Name of the shared config (under 'configs') this one inherits every unset value from. Default: the
     * 'default' config; for the 'default' config itself, the built-in defaults.
     */
    private @Nullable String baseConfig;

    /**
     * Number of recent events the 'resilienceevents' actuator endpoint keeps for this instance; at least 1.
     * Default: 'resilience.events.buffer-size'.
     */
    private @Nullable Integer eventConsumerBufferSize;

    public @Nullable String getBaseConfig() {
        return baseConfig;
    }

    public void setBaseConfig(@Nullable String baseConfig) {
        this.baseConfig = baseConfig;
    }

    public @Nullable Integer getEventConsumerBufferSize() {
        return eventConsumerBufferSize;
    }

    public void setEventConsumerBufferSize(@Nullable Integer eventConsumerBufferSize) {
        this.eventConsumerBufferSize = eventConsumerBufferSize;
    }
}
