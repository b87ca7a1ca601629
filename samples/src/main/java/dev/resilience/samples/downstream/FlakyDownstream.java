package dev.resilience.samples.downstream;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.context.ContextRegistry;

import org.springframework.stereotype.Component;

/**
 * A deliberately flaky downstream service, standing in for the remote system every endpoint of the sample
 * depends on. Its {@link Flakiness} is set globally ({@code POST /downstream?failureRate=0.8&latencyMs=300})
 * or for one request, by the same two query parameters on any endpoint
 * ({@code GET /quotes/ACME?failureRate=1}).
 *
 * <p>Failures are spread evenly rather than drawn at random, so that a session can be repeated: with
 * {@code failureRate=0.5} every second call fails, with {@code 0.8} four calls in five, with {@code 1} every
 * call. Latency is a sleep that an interrupt ends, as a blocking socket read would be ended by a timeout that
 * interrupts the thread running it.
 *
 * <p>The per-request override lives in a {@code ThreadLocal} set by {@link FlakinessParameters}. It is
 * registered with Micrometer's context-propagation library, so the starter carries it to the threads a call
 * moves to: the pool of a {@code @Bulkhead(type = THREAD_POOL)}, scheduled retries, and the worker of a
 * synchronous {@code @Timeout} in worker mode (in the default caller mode the call stays on the request's thread).
 *
 * <p>Thread-safe.
 */
@Component
public class FlakyDownstream {

    private static final String CONTEXT_KEY = "dev.resilience.samples.flakiness";

    private static final ThreadLocal<Flakiness> OVERRIDE = new ThreadLocal<>();

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(CONTEXT_KEY, OVERRIDE::get, OVERRIDE::set,
                OVERRIDE::remove);
    }

    private volatile Flakiness global = Flakiness.HEALTHY;

    private final AtomicLong calls = new AtomicLong();

    /** Accumulated failure "debt": a call fails whenever it reaches one, which spreads failures evenly. */
    private double debt;

    /** The global flakiness, used by calls without a per-request override. */
    public Flakiness flakiness() {
        return global;
    }

    /**
     * Sets the global flakiness and restarts the spread of failures, so that the same settings give the same
     * sequence of outcomes (with 0.5: succeed, fail, succeed, fail...). Calls already sleeping keep their latency.
     */
    public synchronized void setFlakiness(Flakiness flakiness) {
        this.global = Objects.requireNonNull(flakiness, "flakiness");
        this.debt = 0;
    }

    /** How many calls the downstream has received since the application started. */
    public long calls() {
        return calls.get();
    }

    /**
     * Calls the downstream.
     *
     * @param operation what is asked, for messages (e.g. {@code "quote ACME"})
     * @return the number of this call, counting from 1 since start-up
     * @throws DownstreamFailedException when this call is one of those that fail
     */
    public long call(String operation) {
        Flakiness flakiness = effective();
        long number = calls.incrementAndGet();
        sleep(flakiness.latency(), operation);
        if (fails(flakiness.failureRate())) {
            throw new DownstreamFailedException("Downstream failed to answer '" + operation + "' (call #" + number
                    + ", failure rate " + flakiness.failureRate() + ")");
        }
        return number;
    }

    /** The flakiness that applies to a call on this thread: the request's override, else the global one. */
    public Flakiness effective() {
        Flakiness override = OVERRIDE.get();
        return override != null ? override : global;
    }

    private synchronized boolean fails(double failureRate) {
        debt += failureRate;
        if (debt >= 1 - 1e-9) {
            debt -= 1;
            return true;
        }
        return false;
    }

    private static void sleep(Duration latency, String operation) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownstreamFailedException("Call '" + operation + "' was interrupted");
        }
    }

    /** Sets this thread's override for the duration of one request; {@code null} clears it. */
    static void override(Flakiness flakiness) {
        if (flakiness == null) {
            OVERRIDE.remove();
        } else {
            OVERRIDE.set(flakiness);
        }
    }
}
