package dev.resilience.store;

import dev.resilience.core.internal.Checks;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a {@link SharedStore} talks to its backend: how long a call may wait for it, how often outcomes are sent
 * and states re-read, what happens while it is unreachable, and the id of this application instance.
 * Immutable and thread-safe; build with {@link #builder()}.
 *
 * @since 0.1.0
 */
public final class SharedStoreOptions {

    /** Default {@link #timeout()}: 50 ms. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
    /** Default {@link #flushInterval()}: 100 ms. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);
    /** Default {@link #pollInterval()}: 1 s. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Default {@link #outagePolicy()}: {@link OutagePolicy#LOCAL}. */
    public static final OutagePolicy DEFAULT_OUTAGE_POLICY = OutagePolicy.LOCAL;

    private final Duration timeout;
    private final Duration flushInterval;
    private final Duration pollInterval;
    private final OutagePolicy outagePolicy;
    private final String instanceId;

    private SharedStoreOptions(Builder builder) {
        this.timeout = builder.timeout;
        this.flushInterval = builder.flushInterval;
        this.pollInterval = builder.pollInterval;
        this.outagePolicy = builder.outagePolicy;
        this.instanceId = builder.instanceId != null ? builder.instanceId : defaultInstanceId();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static SharedStoreOptions defaults() {
        return builder().build();
    }

    /**
     * The longest a protected call waits for the store ({@code timeout}, default 50 ms): a rate limiter's
     * acquisition, a half-open trial permit, a state transition. When the store takes longer, the call goes on
     * with local state and the store is marked degraded until it answers again.
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * How often each instance sends the outcomes its circuit breakers recorded ({@code flush-interval},
     * default 100 ms). Outcomes are never sent on the caller's thread; a breaker may therefore open up to one
     * flush interval (plus one round trip) after the call that crossed the threshold. Trial outcomes in
     * HALF_OPEN are sent at once.
     */
    public Duration flushInterval() {
        return flushInterval;
    }

    /**
     * How often each instance re-reads the shared states of its circuit breakers, refreshes its heartbeat, and,
     * while the store is unreachable, tries to reconnect ({@code poll-interval}, default 1 s). Transitions
     * normally arrive at once by the backend's notifications (Redis pub/sub, PostgreSQL {@code LISTEN}); this
     * poll is the safety net, so every instance learns a transition within one poll interval at the latest.
     */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** What happens while the store is unreachable ({@code on-outage}); default {@link OutagePolicy#LOCAL}. */
    public OutagePolicy outagePolicy() {
        return outagePolicy;
    }

    /**
     * The id this application instance writes into the store with its transitions and heartbeats; default
     * {@code host-pid-random}.
     */
    public String instanceId() {
        return instanceId;
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception | LinkageError e) {
            host = "host";
        }
        long pid;
        try {
            pid = ProcessHandle.current().pid();
        } catch (UnsupportedOperationException e) {
            pid = ManagementFactory.getRuntimeMXBean().getPid();
        }
        return host + "-" + pid + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
    }

    @Override
    public String toString() {
        return "SharedStoreOptions[timeout=" + timeout + ", flushInterval=" + flushInterval + ", pollInterval="
                + pollInterval + ", outagePolicy=" + outagePolicy + ", instanceId=" + instanceId + "]";
    }

    /** Builds {@link SharedStoreOptions}. Not thread-safe. */
    public static final class Builder {

        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private OutagePolicy outagePolicy = DEFAULT_OUTAGE_POLICY;
        private String instanceId;

        private Builder() {
        }

        /** See {@link SharedStoreOptions#timeout()}; must be positive. */
        public Builder timeout(Duration timeout) {
            this.timeout = Checks.positive("timeout", timeout);
            return this;
        }

        /** See {@link SharedStoreOptions#flushInterval()}; must be positive. */
        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = Checks.positive("flush-interval", flushInterval);
            return this;
        }

        /** See {@link SharedStoreOptions#pollInterval()}; must be positive. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Checks.positive("poll-interval", pollInterval);
            return this;
        }

        /** See {@link SharedStoreOptions#outagePolicy()}. */
        public Builder outagePolicy(OutagePolicy outagePolicy) {
            this.outagePolicy = Checks.notNull("on-outage", outagePolicy);
            return this;
        }

        /** See {@link SharedStoreOptions#instanceId()}; {@code null} restores the default. */
        public Builder instanceId(String instanceId) {
            if (instanceId != null && instanceId.isBlank()) {
                throw new dev.resilience.core.InvalidConfigurationException("instance-id", instanceId,
                        "must not be blank");
            }
            this.instanceId = instanceId;
            return this;
        }

        /** The options. */
        public SharedStoreOptions build() {
            return new SharedStoreOptions(this);
        }
    }
}
