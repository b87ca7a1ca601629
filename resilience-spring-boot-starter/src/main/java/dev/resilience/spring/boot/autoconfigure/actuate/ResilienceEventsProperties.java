package dev.resilience.spring.boot.autoconfigure.actuate;

import dev.resilience.spring.boot.actuate.ResilienceEventBuffer;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The event buffer behind the {@code resilienceevents} endpoint, {@code resilience.events.*}.
 *
 * <p>Not thread-safe: bound once by Spring Boot, then only read.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(ResilienceEventsProperties.PREFIX)
public class ResilienceEventsProperties {

    /** The prefix of these properties. */
    public static final String PREFIX = "resilience.events";

    /**
     * Number of recent events kept per pattern instance for the 'resilienceevents' endpoint; at least 1. Only
     * failures, rejections, retries, timeouts, fallbacks, transitions and resets are recorded, never successful
     * calls. Default: 100.
     */
    private int bufferSize = ResilienceEventBuffer.DEFAULT_BUFFER_SIZE;

    public int getBufferSize() {
        return bufferSize;
    }

    public void setBufferSize(int bufferSize) {
        this.bufferSize = bufferSize;
    }
}
