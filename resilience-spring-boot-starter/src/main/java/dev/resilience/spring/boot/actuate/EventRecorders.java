package dev.resilience.spring.boot.actuate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.spring.aop.FallbackObserver;

/**
 * The recorder of annotated methods' fallbacks for a {@link ResilienceEventBuffer}. The patterns' own events
 * come from their descriptors' {@code eventListener} (the core adapters, {@code XListener.events(consumer)}),
 * which build nothing for routine calls because the buffer declines routine events.
 */
final class EventRecorders {

    /** The {@code pattern} of the events of annotated methods' fallbacks. */
    static final String FALLBACK = "fallback";

    private EventRecorders() {
    }

    /**
     * The fallbacks of annotated methods ({@code @Fallback}), named {@code SimpleClassName#method} after the
     * protected method; the annotation layer tells it only when a fallback ran.
     */
    static final class FallbackRecorder implements FallbackObserver {

        private final ResilienceEventBuffer buffer;

        private final Clock clock;

        FallbackRecorder(ResilienceEventBuffer buffer, Clock clock) {
            this.buffer = buffer;
            this.clock = clock;
        }

        @Override
        public void onFallbackSucceeded(String protectedMethod, String fallbackMethod, Throwable failure) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("fallbackMethod", fallbackMethod);
            details.put("error", failure.toString());
            buffer.record(new ResilienceEvent(FALLBACK, protectedMethod, "FALLBACK", clock.instant(), details));
        }

        @Override
        public void onFallbackFailed(String protectedMethod, Throwable failure) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("error", failure.toString());
            details.put("suppressed", failure.getSuppressed().length);
            buffer.record(new ResilienceEvent(FALLBACK, protectedMethod, "FALLBACK_FAILED", clock.instant(),
                    details));
        }

        @Override
        public String toString() {
            return "ResilienceEventBuffer[fallback]";
        }
    }
}
