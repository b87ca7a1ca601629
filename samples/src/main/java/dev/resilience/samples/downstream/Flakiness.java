package dev.resilience.samples.downstream;

import java.time.Duration;

/**
 * How badly the downstream behaves: the share of calls that fail and how long each call takes.
 *
 * @param failureRate the share of calls that fail, from 0 (none) to 1 (all)
 * @param latency how long each call takes before it answers or fails; zero or more
 */
public record Flakiness(double failureRate, Duration latency) {

    /** A healthy, instant downstream. */
    public static final Flakiness HEALTHY = new Flakiness(0, Duration.ZERO);

    /**
     * @throws IllegalArgumentException when a value is out of range, with a message for the caller
     */
    public Flakiness {
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("Invalid 'failureRate' (" + failureRate + "): must be between 0 and 1");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("Invalid 'latencyMs' (" + latency.toMillis() + "): must not be negative");
        }
    }

    /** This flakiness with whichever of the two values is given replaced; {@code null} keeps the current one. */
    public Flakiness with(Double failureRate, Long latencyMs) {
        return new Flakiness(failureRate != null ? failureRate : this.failureRate,
                latencyMs != null ? Duration.ofMillis(latencyMs) : latency);
    }

    /** The latency in milliseconds, as the endpoints show it. */
    public long latencyMs() {
        return latency.toMillis();
    }
}
