package dev.resilience.spring.boot.extension;

import java.util.Map;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ResilienceEvent;

/** Told about each call an {@link EveryNthGate} admitted or rejected. No-op defaults. */
public interface EveryNthListener {

    /** {@code call} (counted from 1) was let through. */
    default void onPermitted(EveryNthGate gate, long call) {
    }

    /** {@code call} was rejected with {@link EveryNthRejectedException}. */
    default void onRejected(EveryNthGate gate, long call) {
    }

    /** A listener that turns the callbacks into {@link ResilienceEvent}s of pattern {@code every-nth}. */
    static EveryNthListener events(EventConsumer consumer) {
        return new EveryNthListener() {
            @Override
            public void onPermitted(EveryNthGate gate, long call) {
                if (consumer.routineEvents()) {
                    consumer.onEvent(event(gate, "PERMITTED", call));
                }
            }

            @Override
            public void onRejected(EveryNthGate gate, long call) {
                consumer.onEvent(event(gate, "REJECTED", call));
            }
        };
    }

    private static ResilienceEvent event(EveryNthGate gate, String type, long call) {
        return new ResilienceEvent(EveryNthDescriptor.KEY, gate.name(), type, java.time.Instant.now(),
                Map.of("call", call));
    }
}
