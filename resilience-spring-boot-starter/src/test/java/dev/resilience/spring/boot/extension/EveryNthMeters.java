package dev.resilience.spring.boot.extension;

import dev.resilience.spring.boot.metrics.InstanceMeters;
import io.micrometer.core.instrument.Counter;

/** The meters of one every-nth gate, fed by a listener: one {@code increment()} per call. */
final class EveryNthMeters implements EveryNthListener {

    static final String CALLS = "resilience.every-nth.calls";

    private final Counter permitted;
    private final Counter rejected;

    private EveryNthMeters(InstanceMeters meters) {
        this.permitted = meters.counter(CALLS, "Calls through the gate, by outcome", "kind", "permitted");
        this.rejected = meters.counter(CALLS, "Calls through the gate, by outcome", "kind", "rejected");
    }

    static void bind(EveryNthGate gate, InstanceMeters meters) {
        meters.listen(gate, new EveryNthMeters(meters));
    }

    @Override
    public void onPermitted(EveryNthGate gate, long call) {
        permitted.increment();
    }

    @Override
    public void onRejected(EveryNthGate gate, long call) {
        rejected.increment();
    }
}
