package dev.resilience.spring.boot.metrics;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of every circuit breaker of a registry, tagged {@code name} = the breaker's name:
 * <ul>
 *   <li>{@value #CALLS} (timer), tag {@code kind} = {@code successful}, {@code failed}, {@code ignored} (an
 *       exception of {@code ignore-exceptions}) or {@code not_permitted} (rejected; recorded with a duration of
 *       0, since the call never ran). An exception that is not recorded as a failure counts as successful, as
 *       in the breaker's own window. Nothing is recorded in DISABLED state.
 *   <li>{@value #STATE} (gauge), one per state, tag {@code state} = {@code closed}, {@code open},
 *       {@code half_open}, {@code forced_open}, {@code disabled}, {@code metrics_only}: 1 for the current
 *       state, 0 for the others.
 *   <li>{@value #FAILURE_RATE} and {@value #SLOW_CALL_RATE} (gauges): percent of the calls in the window, -1
 *       while the window holds fewer than {@code minimum-number-of-calls} (with a shared store: the fleet's
 *       window);
 *   <li>{@value #STORE_DEGRADED} (gauge), tag {@code store}: 1 while a shared store is unreachable.
 * </ul>
 *
 * <p>Per call: one {@code Timer.record} from the breaker's listener callback, with the duration the breaker
 * measured anyway; nothing else.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class CircuitBreakerMetrics extends RegistryMeterBinder<CircuitBreaker> {

    /** Timer of calls by outcome. */
    public static final String CALLS = "resilience.circuitbreaker.calls";

    /** Gauge per state: 1 for the current state, else 0. */
    public static final String STATE = "resilience.circuitbreaker.state";

    /** Gauge: failure rate in percent, -1 before {@code minimum-number-of-calls}. */
    public static final String FAILURE_RATE = "resilience.circuitbreaker.failure.rate";

    /** Gauge: slow-call rate in percent, -1 before {@code minimum-number-of-calls}. */
    public static final String SLOW_CALL_RATE = "resilience.circuitbreaker.slow.call.rate";

    /**
     * Gauge: 1 while the breaker's shared store is unreachable and it runs on local state, else 0; tag
     * {@code store} = {@code memory}, {@code redis} or {@code jdbc}.
     */
    public static final String STORE_DEGRADED = "resilience.circuitbreaker.store.degraded";

    /** The meters of one breaker: what the circuit breaker descriptor's {@code meterBinder()} gives. */
    public static final InstanceMeterBinder<CircuitBreaker> INSTANCE_METERS = CircuitBreakerMetrics::bind;

    /** Follows the circuit breakers of {@code registry}. */
    public CircuitBreakerMetrics(CircuitBreakerRegistry registry) {
        super(registry, INSTANCE_METERS);
    }

    private static void bind(CircuitBreaker breaker, InstanceMeters meters) {
        String calls = "Calls through the circuit breaker, by outcome";
        Listener listener = new Listener(meters.timer(CALLS, calls, "kind", "successful"),
                meters.timer(CALLS, calls, "kind", "failed"), meters.timer(CALLS, calls, "kind", "ignored"),
                meters.timer(CALLS, calls, "kind", "not_permitted"));
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            meters.gauge(STATE, "1 for the circuit breaker's current state, 0 for the others", breaker,
                    b -> b.state() == state ? 1 : 0, "state", state.name().toLowerCase(Locale.ROOT));
        }
        meters.gauge(FAILURE_RATE, "Failure rate in percent, -1 before minimum-number-of-calls", breaker,
                b -> b.metrics().failureRate());
        meters.gauge(SLOW_CALL_RATE, "Slow-call rate in percent, -1 before minimum-number-of-calls", breaker,
                b -> b.metrics().slowCallRate());
        meters.gauge(STORE_DEGRADED, "1 while the shared store is unreachable and the breaker runs on local state",
                breaker, b -> b.storeInfo().isDegraded() ? 1 : 0, "store", breaker.storeInfo().type());
        meters.listen(breaker, listener);
    }

    /** Feeds the timers; holds them in fields so a callback is one record call. */
    private static final class Listener implements CircuitBreakerListener {

        private final Timer successful;
        private final Timer failed;
        private final Timer ignored;
        private final Timer notPermitted;

        Listener(Timer successful, Timer failed, Timer ignored, Timer notPermitted) {
            this.successful = successful;
            this.failed = failed;
            this.ignored = ignored;
            this.notPermitted = notPermitted;
        }

        @Override
        public void onSuccess(CircuitBreaker circuitBreaker, long durationNanos) {
            successful.record(durationNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onError(CircuitBreaker circuitBreaker, long durationNanos, Throwable error) {
            failed.record(durationNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onIgnoredError(CircuitBreaker circuitBreaker, long durationNanos, Throwable error) {
            ignored.record(durationNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onNotPermitted(CircuitBreaker circuitBreaker) {
            notPermitted.record(0, TimeUnit.NANOSECONDS);
        }
    }
}
