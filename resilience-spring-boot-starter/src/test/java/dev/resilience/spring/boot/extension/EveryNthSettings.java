package dev.resilience.spring.boot.extension;

import dev.resilience.spring.boot.autoconfigure.properties.InstanceProperties;

/** One config or instance under {@code resilience.every-nth}; {@code null} until set, then inherited. */
public class EveryNthSettings extends InstanceProperties {

    /** Every how many calls one is rejected; at least 1. Default: 10. */
    private Integer n;

    public Integer getN() {
        return n;
    }

    public void setN(Integer n) {
        this.n = n;
    }
}
