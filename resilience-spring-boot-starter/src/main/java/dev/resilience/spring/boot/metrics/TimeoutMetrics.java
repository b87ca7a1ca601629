package dev.resilience.spring.boot.metrics;

import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutListener;
import dev.resilience.timeout.TimeoutRegistry;
import io.micrometer.core.instrument.Counter;

/**
 * The meters of every timeout of a registry, tagged {@code name} = the timeout's name: {@value #CALLS}
 * (counter), tag {@code kind} = {@code successful} (completed in time), {@code failed} (failed in time) or
 * {@code timed_out}.
 *
 * <p>Per call: one {@code Counter.increment()} from the timeout's listener callback.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class TimeoutMetrics extends RegistryMeterBinder<Timeout> {

    /** Counter of calls by outcome. */
    public static final String CALLS = "resilience.timeout.calls";

    /** The meters of one timeout: what the timeout descriptor's {@code meterBinder()} gives. */
    public static final InstanceMeterBinder<Timeout> INSTANCE_METERS = TimeoutMetrics::bind;

    /** Follows the timeouts of {@code registry}. */
    public TimeoutMetrics(TimeoutRegistry registry) {
        super(registry, INSTANCE_METERS);
    }

    private static void bind(Timeout timeout, InstanceMeters meters) {
        String description = "Calls through the timeout, by outcome";
        Listener listener = new Listener(meters.counter(CALLS, description, "kind", "successful"),
                meters.counter(CALLS, description, "kind", "failed"),
                meters.counter(CALLS, description, "kind", "timed_out"));
        meters.listen(timeout, listener);
    }

    private static final class Listener implements TimeoutListener {

        private final Counter successful;
        private final Counter failed;
        private final Counter timedOut;

        Listener(Counter successful, Counter failed, Counter timedOut) {
            this.successful = successful;
            this.failed = failed;
            this.timedOut = timedOut;
        }

        @Override
        public void onSuccess(Timeout timeout, long durationNanos) {
            successful.increment();
        }

        @Override
        public void onError(Timeout timeout, long durationNanos, Throwable failure) {
            failed.increment();
        }

        @Override
        public void onTimeout(Timeout timeout, long timeoutNanos) {
            timedOut.increment();
        }
    }
}
