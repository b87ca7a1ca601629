package dev.resilience.bulkhead;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ResilienceEvent;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Turns bulkhead callbacks into {@link ResilienceEvent}s for an {@link EventConsumer}: the only place where
 * bulkheads build event objects. Permitted and finished calls are routine; a rejection always makes an event.
 *
 * @see BulkheadListener#events(EventConsumer)
 * @see ThreadPoolBulkheadListener#events(EventConsumer)
 */
final class BulkheadEvents {

    private BulkheadEvents() {
    }

    private static void publish(EventConsumer consumer, String pattern, String name, Clock clock, String type,
            boolean routine) {
        if (routine && !consumer.routineEvents()) {
            return;
        }
        consumer.onEvent(new ResilienceEvent(pattern, name, type, clock.instant(), Map.of()));
    }

    /** For semaphore bulkheads (pattern {@code bulkhead}). */
    static final class Semaphore implements BulkheadListener {
        private final EventConsumer consumer;

        Semaphore(EventConsumer consumer) {
            this.consumer = Objects.requireNonNull(consumer, "consumer");
        }

        @Override
        public void onPermitted(Bulkhead bulkhead) {
            publish(consumer, "bulkhead", bulkhead.name(), bulkhead.config().clock(), "CALL_PERMITTED", true);
        }

        @Override
        public void onRejected(Bulkhead bulkhead) {
            publish(consumer, "bulkhead", bulkhead.name(), bulkhead.config().clock(), "CALL_REJECTED", false);
        }

        @Override
        public void onFinished(Bulkhead bulkhead) {
            publish(consumer, "bulkhead", bulkhead.name(), bulkhead.config().clock(), "CALL_FINISHED", true);
        }

        @Override
        public String toString() {
            return "BulkheadEvents[" + consumer + "]";
        }
    }

    /** For thread-pool bulkheads (pattern {@code thread-pool-bulkhead}). */
    static final class ThreadPool implements ThreadPoolBulkheadListener {
        private final EventConsumer consumer;

        ThreadPool(EventConsumer consumer) {
            this.consumer = Objects.requireNonNull(consumer, "consumer");
        }

        @Override
        public void onPermitted(ThreadPoolBulkhead bulkhead) {
            publish(consumer, "thread-pool-bulkhead", bulkhead.name(), bulkhead.config().clock(), "CALL_PERMITTED",
                    true);
        }

        @Override
        public void onRejected(ThreadPoolBulkhead bulkhead) {
            publish(consumer, "thread-pool-bulkhead", bulkhead.name(), bulkhead.config().clock(), "CALL_REJECTED",
                    false);
        }

        @Override
        public void onFinished(ThreadPoolBulkhead bulkhead) {
            publish(consumer, "thread-pool-bulkhead", bulkhead.name(), bulkhead.config().clock(), "CALL_FINISHED",
                    true);
        }

        @Override
        public String toString() {
            return "ThreadPoolBulkheadEvents[" + consumer + "]";
        }
    }
}
