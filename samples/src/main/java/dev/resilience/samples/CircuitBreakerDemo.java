package dev.resilience.samples;

import dev.resilience.core.Pipeline;

/** Placeholder until the circuit breaker lands: runs a call through an empty pipeline. */
public final class CircuitBreakerDemo {

    private CircuitBreakerDemo() {
    }

    public static void main(String[] args) {
        System.out.println(Pipeline.of().executeSupplier(() -> "dev.resilience sample: pipeline ran the call"));
    }
}
