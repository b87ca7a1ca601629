package dev.resilience.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.resilience.core.InvalidConfigurationException;

import dev.resilience.spring.boot.autoconfigure.properties.BulkheadProperties;
import dev.resilience.spring.boot.autoconfigure.properties.CircuitBreakerProperties;
import dev.resilience.spring.boot.autoconfigure.properties.PatternProperties;
import dev.resilience.spring.boot.autoconfigure.properties.RateLimiterProperties;
import dev.resilience.spring.boot.autoconfigure.properties.RetryProperties;
import dev.resilience.spring.boot.autoconfigure.properties.ThreadPoolBulkheadProperties;
import dev.resilience.spring.boot.autoconfigure.properties.TimeoutProperties;
import dev.resilience.store.OutagePolicy;
import dev.resilience.store.SharedStoreOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of every pattern, under the prefix {@code resilience}.
 *
 * <p>Each pattern ({@code circuit-breaker}, {@code retry}, {@code bulkhead}, {@code thread-pool-bulkhead},
 * {@code rate-limiter}, {@code timeout}) has shared {@code configs} and named {@code instances}; see
 * {@link PatternProperties} for how they inherit from each other. The values are checked when the application
 * starts: anything out of range, an unknown {@code base-config} or an exception class that does not exist
 * stops the start with a message naming the full property path.
 *
 * <p>Not thread-safe: bound by Spring Boot, then only read.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(ResilienceProperties.PREFIX)
public class ResilienceProperties {

    /** The prefix of every property. */
    public static final String PREFIX = "resilience";

    /**
     * Order in which stacked annotations compose, outermost first, as pattern keys: fallback, retry,
     * circuit-breaker, rate-limiter, timeout, bulkhead (a thread-pool bulkhead takes the bulkhead's place).
     * A partial list reorders only the keys it names, among the places they hold in the default order.
     * Default: empty, meaning fallback, retry, circuit-breaker, rate-limiter, timeout, bulkhead.
     */
    private List<String> aspectOrder = new ArrayList<>();

    /**
     * Whether a key under 'resilience' that no setting reads (a typo, or a resilience4j setting that has no
     * counterpart here) stops the start, with its full path and the nearest valid key. false logs one warning
     * per such key instead. Default: true.
     */
    private boolean failOnUnknownProperties = true;

    /**
     * Circuit breakers.
     */
    private final CircuitBreakers circuitBreaker = new CircuitBreakers();

    /**
     * Retries.
     */
    private final Retries retry = new Retries();

    /**
     * Semaphore bulkheads.
     */
    private final Bulkheads bulkhead = new Bulkheads();

    /**
     * Thread-pool bulkheads.
     */
    private final ThreadPoolBulkheads threadPoolBulkhead = new ThreadPoolBulkheads();

    /**
     * Rate limiters.
     */
    private final RateLimiters rateLimiter = new RateLimiters();

    /**
     * Timeouts.
     */
    private final Timeouts timeout = new Timeouts();

    /**
     * Shared Redis store.
     */
    private final Redis redis = new Redis();

    /**
     * Shared JDBC store.
     */
    private final Jdbc jdbc = new Jdbc();

    public List<String> getAspectOrder() {
        return aspectOrder;
    }

    public void setAspectOrder(List<String> aspectOrder) {
        this.aspectOrder = aspectOrder;
    }

    public boolean isFailOnUnknownProperties() {
        return failOnUnknownProperties;
    }

    public void setFailOnUnknownProperties(boolean failOnUnknownProperties) {
        this.failOnUnknownProperties = failOnUnknownProperties;
    }

    public CircuitBreakers getCircuitBreaker() {
        return circuitBreaker;
    }

    public Retries getRetry() {
        return retry;
    }

    public Bulkheads getBulkhead() {
        return bulkhead;
    }

    public ThreadPoolBulkheads getThreadPoolBulkhead() {
        return threadPoolBulkhead;
    }

    public RateLimiters getRateLimiter() {
        return rateLimiter;
    }

    public Timeouts getTimeout() {
        return timeout;
    }

    public Redis getRedis() {
        return redis;
    }

    public Jdbc getJdbc() {
        return jdbc;
    }

    /**
     * The circuit breakers, {@code resilience.circuit-breaker}. A subclass only to pin the type
     * argument, so that the configuration processor describes the map values.
     */
    public static final class CircuitBreakers extends PatternProperties<CircuitBreakerProperties> {
    }

    /**
     * The retries, {@code resilience.retry}. A subclass only to pin the type
     * argument, so that the configuration processor describes the map values.
     */
    public static final class Retries extends PatternProperties<RetryProperties> {
    }

    /**
     * The semaphore bulkheads, {@code resilience.bulkhead}. A subclass only to pin the type
     * argument, so that the configuration processor describes the map values.
     */
    public static final class Bulkheads extends PatternProperties<BulkheadProperties> {
    }

    /**
     * The thread-pool bulkheads, {@code resilience.thread-pool-bulkhead}. A subclass only to pin the type
     * argument, so that the configuration processor describes the map values.
     */
    public static final class ThreadPoolBulkheads extends PatternProperties<ThreadPoolBulkheadProperties> {
    }

    /**
     * The rate limiters, {@code resilience.rate-limiter}. A subclass only to pin the type
     * argument, so that the configuration processor describes the map values.
     */
    public static final class RateLimiters extends PatternProperties<RateLimiterProperties> {
    }

    /**
     * The timeouts, {@code resilience.timeout}. A subclass only to pin the type
     * argument, so that the configuration processor describes the map values.
     */
    public static final class Timeouts extends PatternProperties<TimeoutProperties> {
    }

    /**
     * What every shared store ({@code resilience.redis}, {@code resilience.jdbc}) is configured with: how long a
     * call may wait for it, how often outcomes are sent and states re-read, and what happens while it is
     * unreachable.
     */
    public static class SharedStore {

        /**
         * The longest a protected call waits for the store (a rate limiter's acquisition, a half-open trial
         * permit, a state transition). Beyond it the call goes on with local state and the store counts as
         * unreachable until it answers again. Default: 50ms.
         */
        private Duration timeout = SharedStoreOptions.DEFAULT_TIMEOUT;

        /**
         * How often each instance sends the outcomes its circuit breakers recorded; a breaker may open up to one
         * flush interval late. Default: 100ms.
         */
        private Duration flushInterval = SharedStoreOptions.DEFAULT_FLUSH_INTERVAL;

        /**
         * How often each instance re-reads the shared breaker states (the safety net behind the store's
         * notifications: every instance learns a transition within one poll interval), refreshes its heartbeat
         * and, while the store is unreachable, tries to reconnect. Default: 1s.
         */
        private Duration pollInterval = SharedStoreOptions.DEFAULT_POLL_INTERVAL;

        /**
         * What circuit breakers and rate limiters on the store do while it is unreachable: local (go on with
         * local state; a limiter grants this instance's share of the limit) or fail-closed (reject every call).
         * Default: local.
         */
        private OutagePolicy onOutage = SharedStoreOptions.DEFAULT_OUTAGE_POLICY;

        /**
         * The id this application instance writes into the store with its transitions and heartbeats; it
         * appears in the events of fleet-wide transitions. Default: host name, process id and a random suffix.
         */
        private @Nullable String instanceId;

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getFlushInterval() {
            return flushInterval;
        }

        public void setFlushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        public OutagePolicy getOnOutage() {
            return onOutage;
        }

        public void setOnOutage(OutagePolicy onOutage) {
            this.onOutage = onOutage;
        }

        public @Nullable String getInstanceId() {
            return instanceId;
        }

        public void setInstanceId(@Nullable String instanceId) {
            this.instanceId = instanceId;
        }

        /**
         * The core options these properties describe.
         *
         * @param prefix the properties' prefix, for example {@code resilience.redis}, for error messages
         * @throws ResilienceConfigurationException naming the full property path when a value is invalid
         */
        public SharedStoreOptions toOptions(String prefix) {
            try {
                return SharedStoreOptions.builder().timeout(timeout).flushInterval(flushInterval)
                        .pollInterval(pollInterval).outagePolicy(onOutage).instanceId(instanceId).build();
            } catch (InvalidConfigurationException e) {
                String property = prefix + "." + e.property();
                throw new ResilienceConfigurationException(e.messageWithPrefix(prefix + "."),
                        "Update '" + property + "' in your configuration: it " + e.requirement() + ".", property, e);
            }
        }
    }

    /** The Redis store shared by circuit breakers and rate limiters with {@code store: redis}. */
    public static class Redis extends SharedStore {

        /**
         * Redis URL, for example redis://localhost:6379. Read only with dev.resilience:resilience-redis on the
         * classpath. Default: none, meaning the application's existing Lettuce RedisClient or Spring Data Redis
         * LettuceConnectionFactory is reused.
         */
        private @Nullable String url;

        /**
         * Prefix of every Redis key and channel the store uses, so that several applications can share one Redis.
         * Default: resilience:.
         */
        private String keyPrefix = "resilience:";

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }
    }

    /**
     * The JDBC store shared by circuit breakers and rate limiters with {@code store: jdbc}, using the
     * application's DataSource.
     */
    public static class Jdbc extends SharedStore {

        /**
         * Whether the tables of the JDBC store are created at start-up: always or never. Read only with
         * dev.resilience:resilience-jdbc on the classpath and a DataSource bean. Default: never.
         */
        private InitializeSchema initializeSchema = InitializeSchema.NEVER;

        public InitializeSchema getInitializeSchema() {
            return initializeSchema;
        }

        public void setInitializeSchema(InitializeSchema initializeSchema) {
            this.initializeSchema = initializeSchema;
        }
    }

    /** Whether a store creates its schema at start-up. */
    public enum InitializeSchema {

        /** Create the schema at every start, if it does not exist yet. */
        ALWAYS,

        /** Never create the schema: it is managed outside the application. */
        NEVER
    }
}
