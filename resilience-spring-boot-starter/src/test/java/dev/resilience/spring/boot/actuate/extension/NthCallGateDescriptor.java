package dev.resilience.spring.boot.actuate.extension;

import java.util.Map;

import dev.resilience.core.Policy;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.spring.boot.actuate.PatternHealth;
import dev.resilience.spring.boot.metrics.InstanceMeterBinder;
import dev.resilience.spring.boot.pattern.AnnotatedMethod;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;

/**
 * The descriptor of the test-only {@link NthCallGate}: everything the starter's observability learns of it.
 * No log listener: its lines come from its events, the generic way.
 */
public final class NthCallGateDescriptor implements PatternDescriptor<NthCallGate, NthCallGate.Listener> {

    /** The gate's meter: its calls by outcome, read from the counts the gate keeps. */
    static final String CALLS = "resilience.nthcallgate.calls";

    private final NthCallGate.Registry registry;

    public NthCallGateDescriptor(NthCallGate.Registry registry) {
        this.registry = registry;
    }

    @Override
    public String key() {
        return NthCallGate.KEY;
    }

    @Override
    public int defaultPosition() {
        return 450;
    }

    @Override
    public @Nullable Class<? extends java.lang.annotation.Annotation> annotation() {
        return null;
    }

    @Override
    public dev.resilience.core.@Nullable AsyncPolicy layer(AnnotatedMethod method) {
        return null;
    }

    @Override
    public NthCallGate.Registry registry() {
        return registry;
    }

    @Override
    public Class<NthCallGate> instanceType() {
        return NthCallGate.class;
    }

    @Override
    public Class<NthCallGate.Listener> listenerType() {
        return NthCallGate.Listener.class;
    }

    @Override
    public NthCallGate.Listener eventListener(EventConsumer consumer) {
        return NthCallGate.Listener.events(consumer);
    }

    @Override
    public String endpointSegment() {
        return "nth-call-gates";
    }

    @Override
    public String endpointField() {
        return "nthCallGates";
    }

    @Override
    public Object describe(NthCallGate gate) {
        return new GateEntry(gate.calls(), gate.rejected(), new GateConfig(gate.config().every()));
    }

    @Override
    public InstanceMeterBinder<NthCallGate> meterBinder() {
        return (gate, meters) -> {
            meters.functionCounter(CALLS, "Calls through the gate, by outcome", gate,
                    g -> g.calls() - g.rejected(), "kind", "permitted");
            meters.functionCounter(CALLS, "Calls through the gate, by outcome", gate, NthCallGate::rejected,
                    "kind", "rejected");
        };
    }

    /**
     * The {@code nthCallGates} health component: every gate listed; one that has rejected a call is failing,
     * and the gate named {@code strict} turns health DOWN then.
     */
    @Override
    public PatternHealth<NthCallGate> health(BeanFactory beans) {
        return new PatternHealth<>("nthCallGates", name -> true, "strict"::equals, gate -> gate.rejected() > 0,
                gate -> Map.<String, Object>of("rejected", gate.rejected()));
    }

    record GateEntry(long calls, long rejected, GateConfig config) {
    }

    record GateConfig(int every) {
    }
}
