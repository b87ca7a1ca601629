package dev.resilience.spring.boot.logging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.core.registry.Registry;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs what the patterns do, one logger per pattern ({@link PatternDescriptor#loggerName()}), through
 * commons-logging (which Spring routes to the application's logging system, SLF4J/Logback by default). What a
 * pattern logs is its descriptor's {@link PatternDescriptor#logListener logListener}; for the built-in ones:
 * <ul>
 *   <li>{@value #CIRCUIT_BREAKER_LOGGER} ({@link CircuitBreakerLogger}): state transitions and resets at INFO
 *       (a transition to OPEN with the rates that caused it); rejected calls, and rates reaching a threshold, at
 *       DEBUG (at INFO in METRICS_ONLY, where no transition follows);
 *   <li>{@value #RETRY_LOGGER} ({@link RetryLogger}): each retry, giving up, and a refusing retry budget, at
 *       DEBUG;
 *   <li>{@value #BULKHEAD_LOGGER} ({@link BulkheadLogger}): rejected calls of semaphore and thread-pool
 *       bulkheads, at DEBUG;
 *   <li>{@value #RATE_LIMITER_LOGGER} ({@link RateLimiterLogger}): rejected calls, at DEBUG (never the key of a
 *       keyed limiter);
 *   <li>{@value #TIMEOUT_LOGGER} ({@link TimeoutLogger}): calls that timed out, at DEBUG;
 *   <li>{@value #FALLBACK_LOGGER} ({@link FallbackLogger}): fallbacks taken or failed, at DEBUG.
 * </ul>
 * A pattern whose descriptor has no log listener has its events logged at DEBUG, one line each,
 * {@code <key> '<name>': <TYPE> {details}}. Nothing is logged for a successful call. Each message is built only
 * when its level is enabled (a pattern logged through its events builds the event of a failure, a rejection or
 * a transition whatever the level, as the events endpoint does).
 *
 * <p>Attached as registry-wide listeners ({@link Registry#addListener}), so instances created later are
 * logged too; {@link #close()} detaches them. Thread-safe.
 *
 * @since 0.1.0
 */
public final class ResilienceLogging implements AutoCloseable {

    /** Logger of circuit breakers. */
    public static final String CIRCUIT_BREAKER_LOGGER = "dev.resilience.circuitbreaker";

    /** Logger of retries. */
    public static final String RETRY_LOGGER = "dev.resilience.retry";

    /** Logger of semaphore and thread-pool bulkheads. */
    public static final String BULKHEAD_LOGGER = "dev.resilience.bulkhead";

    /** Logger of rate limiters. */
    public static final String RATE_LIMITER_LOGGER = "dev.resilience.ratelimiter";

    /** Logger of timeouts. */
    public static final String TIMEOUT_LOGGER = "dev.resilience.timeout";

    /** Logger of {@code @Fallback} methods. */
    public static final String FALLBACK_LOGGER = "dev.resilience.fallback";

    private final List<Runnable> detach = new ArrayList<>();

    /**
     * Logs the instances of every pattern of {@code descriptors} that has a registry; a pattern
     * {@link PatternDescriptor#listenedThrough() listened through} another pattern of the list is logged
     * through that one's listener.
     */
    public synchronized ResilienceLogging followAll(Collection<? extends PatternDescriptor<?, ?>> descriptors) {
        for (PatternDescriptor<?, ?> descriptor : descriptors) {
            if (!PatternDescriptor.isListenedThroughAnother(descriptor, descriptors)) {
                follow(descriptor);
            }
        }
        return this;
    }

    /** Logs the instances of the pattern of {@code descriptor}; nothing for a pattern without a registry. */
    public synchronized ResilienceLogging follow(PatternDescriptor<?, ?> descriptor) {
        return attach(descriptor);
    }

    /** Logs the instances of {@code registry} with {@code listener}, until {@link #close()}. */
    public synchronized <L> ResilienceLogging follow(Registry<?, ?, L> registry, L listener) {
        Objects.requireNonNull(listener, "listener");
        registry.addListener(listener);
        detach.add(() -> registry.removeListener(listener));
        return this;
    }

    /** Detaches every listener this object attached. */
    @Override
    public synchronized void close() {
        for (Runnable action : detach) {
            action.run();
        }
        detach.clear();
    }

    private <I extends PatternInstance<?, L>, L> ResilienceLogging attach(PatternDescriptor<I, L> descriptor) {
        Registry<? extends I, ?, L> registry = descriptor.registry();
        if (registry == null) {
            return this;
        }
        Log log = LogFactory.getLog(descriptor.loggerName());
        L listener = descriptor.logListener(log);
        return follow(registry, listener != null ? listener : descriptor.eventListener(new EventLogger(log)));
    }

    static String describe(@Nullable Throwable error) {
        if (error == null) {
            return "a result that is retried";
        }
        String message = error.getMessage();
        return message == null ? error.getClass().getName() : error.getClass().getName() + ": " + message;
    }

    static String format(long nanos) {
        if (nanos % 1_000_000 == 0) {
            return (nanos / 1_000_000) + "ms";
        }
        return nanos < 1_000_000 ? nanos + "ns" : Math.round(nanos / 100_000.0) / 10.0 + "ms";
    }

    static String percent(float rate) {
        return rate < 0 ? "not yet computed" : rate + "%";
    }

    /** The lines of a pattern without a log listener of its own: each event worth reading, at DEBUG. */
    private static final class EventLogger implements EventConsumer {

        private final Log log;

        EventLogger(Log log) {
            this.log = log;
        }

        @Override
        public void onEvent(ResilienceEvent event) {
            if (log.isDebugEnabled()) {
                log.debug(event.pattern() + " '" + event.name() + "': " + event.type()
                        + (event.details().isEmpty() ? "" : " " + event.details()));
            }
        }

        @Override
        public boolean routineEvents() {
            return false;
        }

        @Override
        public String toString() {
            return "ResilienceLogging[" + log + "]";
        }
    }
}
