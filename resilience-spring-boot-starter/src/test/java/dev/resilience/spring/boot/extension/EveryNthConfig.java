package dev.resilience.spring.boot.extension;

import dev.resilience.core.InvalidConfigurationException;

/**
 * The configuration of an {@link EveryNthGate}: it rejects every {@code n}th call. Immutable.
 *
 * @param n every how many calls one is rejected; at least 1
 */
public record EveryNthConfig(int n) {

    /** The built-in default: every 10th call is rejected. */
    public static EveryNthConfig ofDefaults() {
        return new EveryNthConfig(10);
    }

    /** A builder pre-filled from {@code parent}. */
    public static Builder from(EveryNthConfig parent) {
        return new Builder(parent.n);
    }

    /** Builds an {@link EveryNthConfig}; validates each value as it is set, naming the property. */
    public static final class Builder {
        private int n;

        private Builder(int n) {
            this.n = n;
        }

        public Builder n(int n) {
            if (n < 1) {
                throw new InvalidConfigurationException("n", n, "must be at least 1");
            }
            this.n = n;
            return this;
        }

        public EveryNthConfig build() {
            return new EveryNthConfig(n);
        }
    }
}
