package dev.resilience.spring.boot.actuate;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.resilience.store.StoreInfo;
import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadRegistry;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.core.registry.Registry;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code resilience} actuator endpoint: every pattern instance with its live figures and key settings, and
 * manual circuit breaker transitions.
 *
 * <ul>
 *   <li>{@code GET /actuator/resilience}: {@link ResilienceDescriptor}, instances by pattern and name;
 *   <li>{@code GET /actuator/resilience/{pattern}/{name}}: one instance; {@code pattern} is one of
 *       {@value #CIRCUIT_BREAKERS}, {@value #RETRIES}, {@value #BULKHEADS}, {@value #THREAD_POOL_BULKHEADS},
 *       {@value #RATE_LIMITERS}, {@value #KEYED_RATE_LIMITERS}, {@value #TIMEOUTS}; an unknown pattern or name
 *       is a 404;
 *   <li>{@code POST /actuator/resilience/circuit-breakers/{name}} with {@code {"state": "OPEN"}}: moves the
 *       breaker to that state ({@code CLOSED} also empties its window: {@link CircuitBreaker#reset()}) and
 *       returns its entry; an unknown state is a 400 listing the allowed ones, an unknown breaker a 404 (see
 *       {@link ResilienceEndpointWebExtension}).
 * </ul>
 *
 * <p>The endpoint only reads the registries ({@code find} and {@code all}): it never creates an instance, so a
 * mistyped name is a 404 rather than a new breaker. Times are ISO-8601 instants and durations ISO-8601
 * durations ({@code PT1M}), written as strings so the JSON is the same whatever mapper the application uses.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
@Endpoint(id = "resilience")
public class ResilienceEndpoint {

    /** Path segment of circuit breakers. */
    public static final String CIRCUIT_BREAKERS = "circuit-breakers";

    /** Path segment of retries. */
    public static final String RETRIES = "retries";

    /** Path segment of semaphore bulkheads. */
    public static final String BULKHEADS = "bulkheads";

    /** Path segment of thread-pool bulkheads. */
    public static final String THREAD_POOL_BULKHEADS = "thread-pool-bulkheads";

    /** Path segment of (plain) rate limiters. */
    public static final String RATE_LIMITERS = "rate-limiters";

    /** Path segment of keyed rate limiters ({@code @RateLimit} with a {@code key}). */
    public static final String KEYED_RATE_LIMITERS = "keyed-rate-limiters";

    /** Path segment of timeouts. */
    public static final String TIMEOUTS = "timeouts";

    /** Every pattern path segment, in the order of {@link ResilienceDescriptor}. */
    public static final List<String> PATTERNS = List.of(CIRCUIT_BREAKERS, RETRIES, BULKHEADS, THREAD_POOL_BULKHEADS,
            RATE_LIMITERS, KEYED_RATE_LIMITERS, TIMEOUTS);

    /** The states a breaker can be moved to, as the write operation accepts them. */
    public static final List<String> STATES = Arrays.stream(CircuitBreaker.State.values()).map(Enum::name).toList();

    private final @Nullable CircuitBreakerRegistry circuitBreakers;

    private final @Nullable RetryRegistry retries;

    private final @Nullable BulkheadRegistry bulkheads;

    private final @Nullable ThreadPoolBulkheadRegistry threadPoolBulkheads;

    private final @Nullable RateLimiterRegistry rateLimiters;

    private final @Nullable TimeoutRegistry timeouts;

    private final @Nullable CircuitBreakerTransitions transitions;

    private final @Nullable CircuitBreakerCallStatistics callStatistics;

    /**
     * An endpoint over the given registries; a {@code null} registry shows as no instances of its pattern.
     *
     * @param transitions the breakers' last transitions, or {@code null} to show none
     */
    public ResilienceEndpoint(@Nullable CircuitBreakerRegistry circuitBreakers, @Nullable RetryRegistry retries,
            @Nullable BulkheadRegistry bulkheads, @Nullable ThreadPoolBulkheadRegistry threadPoolBulkheads,
            @Nullable RateLimiterRegistry rateLimiters, @Nullable TimeoutRegistry timeouts,
            @Nullable CircuitBreakerTransitions transitions) {
        this(circuitBreakers, retries, bulkheads, threadPoolBulkheads, rateLimiters, timeouts, transitions, null);
    }

    /**
     * An endpoint over the given registries whose breakers' entries also carry their cumulative calls.
     *
     * @param callStatistics where each breaker's {@code calls} come from, or {@code null} for none
     */
    public ResilienceEndpoint(@Nullable CircuitBreakerRegistry circuitBreakers, @Nullable RetryRegistry retries,
            @Nullable BulkheadRegistry bulkheads, @Nullable ThreadPoolBulkheadRegistry threadPoolBulkheads,
            @Nullable RateLimiterRegistry rateLimiters, @Nullable TimeoutRegistry timeouts,
            @Nullable CircuitBreakerTransitions transitions, @Nullable CircuitBreakerCallStatistics callStatistics) {
        this.callStatistics = callStatistics;
        this.circuitBreakers = circuitBreakers;
        this.retries = retries;
        this.bulkheads = bulkheads;
        this.threadPoolBulkheads = threadPoolBulkheads;
        this.rateLimiters = rateLimiters;
        this.timeouts = timeouts;
        this.transitions = transitions;
    }

    /** Every instance of every pattern, by pattern then name (names in alphabetical order). */
    @ReadOperation
    public ResilienceDescriptor resilience() {
        return new ResilienceDescriptor(
                describeAll(circuitBreakers, CircuitBreaker::name, this::describe),
                describeAll(retries, Retry::name, ResilienceEndpoint::describe),
                describeAll(bulkheads, Bulkhead::name, ResilienceEndpoint::describe),
                describeAll(threadPoolBulkheads, ThreadPoolBulkhead::name, ResilienceEndpoint::describe),
                describeAll(rateLimiters, RateLimiter::name, ResilienceEndpoint::describe),
                describeAll(rateLimiters != null ? rateLimiters.keyedLimiters() : null, KeyedRateLimiter::name,
                        ResilienceEndpoint::describe),
                describeAll(timeouts, Timeout::name, ResilienceEndpoint::describe));
    }

    /**
     * One instance, or {@code null} (a 404 on the web) when {@code pattern} is not one of {@link #PATTERNS} or
     * it has no instance called {@code name}.
     */
    @ReadOperation
    public @Nullable InstanceDescriptor instance(@Selector String pattern, @Selector String name) {
        return switch (pattern) {
            case CIRCUIT_BREAKERS -> find(circuitBreakers, name).map(this::describe).orElse(null);
            case RETRIES -> find(retries, name).map(ResilienceEndpoint::describe).orElse(null);
            case BULKHEADS -> find(bulkheads, name).map(ResilienceEndpoint::describe).orElse(null);
            case THREAD_POOL_BULKHEADS -> find(threadPoolBulkheads, name).map(ResilienceEndpoint::describe)
                    .orElse(null);
            case RATE_LIMITERS -> find(rateLimiters, name).map(ResilienceEndpoint::describe).orElse(null);
            case KEYED_RATE_LIMITERS -> find(rateLimiters != null ? rateLimiters.keyedLimiters() : null, name)
                    .map(ResilienceEndpoint::describe).orElse(null);
            case TIMEOUTS -> find(timeouts, name).map(ResilienceEndpoint::describe).orElse(null);
            default -> null;
        };
    }

    /**
     * Moves the circuit breaker {@code name} to {@code state} and returns its entry; {@code CLOSED} resets it
     * ({@link CircuitBreaker#reset()}: empty window, not-permitted count back to zero). Returns {@code null}
     * when there is no such breaker. On the web, {@link ResilienceEndpointWebExtension} turns the outcomes into
     * 200, 400, 404 and 405 responses with a message.
     *
     * @param pattern must be {@value #CIRCUIT_BREAKERS}
     * @param state one of {@link #STATES}, in any case
     * @throws InvalidEndpointRequestException when {@code pattern} is not {@value #CIRCUIT_BREAKERS} or
     *         {@code state} is missing or not a state
     */
    @WriteOperation
    public @Nullable CircuitBreakerDescriptor transition(@Selector String pattern, @Selector String name,
            @Nullable String state) {
        if (!CIRCUIT_BREAKERS.equals(pattern)) {
            throw new InvalidEndpointRequestException(notWritable(pattern), notWritable(pattern));
        }
        CircuitBreaker.State target = parseState(state);
        if (target == null) {
            throw new InvalidEndpointRequestException(unknownState(state), unknownState(state));
        }
        return transition(name, target);
    }

    /**
     * Moves the breaker {@code name} to {@code state} ({@code CLOSED}: {@link CircuitBreaker#reset()}).
     *
     * @return its entry afterwards, or {@code null} when there is no such breaker
     */
    public @Nullable CircuitBreakerDescriptor transition(String name, CircuitBreaker.State state) {
        CircuitBreaker breaker = find(circuitBreakers, name).orElse(null);
        if (breaker == null) {
            return null;
        }
        if (state == CircuitBreaker.State.CLOSED) {
            breaker.reset();
        } else {
            breaker.transitionTo(state);
        }
        return describe(breaker);
    }

    /** The state named {@code value} (case-insensitive, surrounding blanks ignored), or {@code null}. */
    public static CircuitBreaker.@Nullable State parseState(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String normalized = value.trim().toUpperCase(Locale.ROOT);
        for (CircuitBreaker.State candidate : CircuitBreaker.State.values()) {
            if (candidate.name().equals(normalized)) {
                return candidate;
            }
        }
        return null;
    }

    static String unknownState(@Nullable String state) {
        return (state == null ? "Missing 'state'" : "Unknown state '" + state + "'") + ": must be one of "
                + String.join(", ", STATES);
    }

    static String notWritable(String pattern) {
        return PATTERNS.contains(pattern)
                ? "Only circuit breakers can be transitioned, not " + pattern + "; POST to "
                        + CIRCUIT_BREAKERS + "/{name}"
                : unknownPattern(pattern);
    }

    static String unknownPattern(String pattern) {
        return "Unknown pattern '" + pattern + "': must be one of " + String.join(", ", PATTERNS);
    }

    static String unknownInstance(String pattern, String name) {
        return "No " + singular(pattern) + " named '" + name + "'";
    }

    private static String singular(String pattern) {
        String words = pattern.replace('-', ' ');
        return words.endsWith("ies") ? words.substring(0, words.length() - 3) + "y"
                : words.substring(0, words.length() - 1);
    }

    private static <E> Optional<E> find(@Nullable Registry<E, ?, ?> registry, String name) {
        return registry != null ? registry.find(name) : Optional.empty();
    }

    private static <E, D> Map<String, D> describeAll(@Nullable Registry<E, ?, ?> registry,
            Function<E, String> nameOf, Function<E, D> describe) {
        if (registry == null) {
            return Map.of();
        }
        Map<String, D> result = new LinkedHashMap<>();
        for (E instance : registry.all()) {
            result.put(nameOf.apply(instance), describe.apply(instance));
        }
        return Collections.unmodifiableMap(result);
    }

    private CircuitBreakerDescriptor describe(CircuitBreaker breaker) {
        CircuitBreaker.Metrics metrics = breaker.metrics();
        CircuitBreakerConfig config = breaker.config();
        List<TransitionDescriptor> last = transitions == null ? List.of()
                : transitions.of(breaker.name()).stream().map(TransitionDescriptor::of).toList();
        return new CircuitBreakerDescriptor(breaker.state().name(), metrics.failureRate(), metrics.slowCallRate(),
                metrics.bufferedCalls(), metrics.failedCalls(), metrics.slowCalls(), metrics.slowFailedCalls(),
                metrics.successfulCalls(), metrics.notPermittedCalls(),
                new CircuitBreakerConfigDescriptor(config.slidingWindowType().name(), config.slidingWindowSize(),
                        config.minimumNumberOfCalls(), config.failureRateThreshold(), config.slowCallRateThreshold(),
                        iso(config.slowCallDurationThreshold()), config.permittedNumberOfCallsInHalfOpenState(),
                        iso(config.maxWaitDurationInHalfOpenState()), iso(config.waitDurationInOpenState()),
                        config.automaticTransitionFromOpenToHalfOpenEnabled(), classNames(config.recordExceptions()),
                        classNames(config.ignoreExceptions()), predicateName(config.recordExceptionPredicate()),
                        predicateName(config.ignoreExceptionPredicate()),
                        predicateName(config.recordResultPredicate())),
                last, callStatistics == null ? null : callStatistics.calls(breaker.name()),
                StoreDescriptor.of(breaker.storeInfo()));
    }

    private static RetryDescriptor describe(Retry retry) {
        Retry.Metrics metrics = retry.metrics();
        RetryConfig config = retry.config();
        Duration maxWait = config.exponentialMaxWaitDuration();
        return new RetryDescriptor(metrics.successfulCallsWithoutRetry(), metrics.successfulCallsWithRetry(),
                metrics.failedCallsWithoutRetry(), metrics.failedCallsWithRetry(),
                new RetryConfigDescriptor(config.maxAttempts(), iso(config.waitDuration()),
                        config.exponentialBackoffEnabled(), config.exponentialBackoffMultiplier(),
                        maxWait.equals(RetryConfig.DEFAULT_EXPONENTIAL_MAX_WAIT_DURATION) ? null : iso(maxWait),
                        config.randomizedWaitEnabled(), config.randomizedWaitFactor()));
    }

    private static BulkheadDescriptor describe(Bulkhead bulkhead) {
        Bulkhead.Metrics metrics = bulkhead.metrics();
        BulkheadConfig config = bulkhead.config();
        return new BulkheadDescriptor(BulkheadDescriptor.TYPE, metrics.availableConcurrentCalls(),
                metrics.maxAllowedConcurrentCalls(), new BulkheadConfigDescriptor(config.maxConcurrentCalls(),
                        iso(config.maxWaitDuration()), config.fairCallHandling()));
    }

    private static ThreadPoolBulkheadDescriptor describe(ThreadPoolBulkhead bulkhead) {
        ThreadPoolBulkhead.Metrics metrics = bulkhead.metrics();
        ThreadPoolBulkheadConfig config = bulkhead.config();
        return new ThreadPoolBulkheadDescriptor(ThreadPoolBulkheadDescriptor.TYPE, metrics.activeThreadCount(),
                metrics.threadPoolSize(), metrics.queueDepth(), metrics.remainingQueueCapacity(),
                new ThreadPoolBulkheadConfigDescriptor(config.coreThreadPoolSize(), config.maxThreadPoolSize(),
                        config.queueCapacity(), iso(config.keepAliveDuration())));
    }

    private static RateLimiterDescriptor describe(RateLimiter limiter) {
        RateLimiter.Metrics metrics = limiter.metrics();
        return new RateLimiterDescriptor(metrics.availablePermissions(), metrics.numberOfWaitingThreads(),
                describe(limiter.config()), StoreDescriptor.of(limiter.storeInfo()));
    }

    private static KeyedRateLimiterDescriptor describe(KeyedRateLimiter limiter) {
        return new KeyedRateLimiterDescriptor(limiter.size(), describe(limiter.config()),
                StoreDescriptor.of(limiter.storeInfo()));
    }

    private static RateLimiterConfigDescriptor describe(RateLimiterConfig config) {
        return new RateLimiterConfigDescriptor(config.limitForPeriod(), iso(config.limitRefreshPeriod()),
                iso(config.timeoutDuration()), config.maxKeys());
    }

    private static TimeoutDescriptor describe(Timeout timeout) {
        TimeoutConfig config = timeout.config();
        return new TimeoutDescriptor(
                new TimeoutConfigDescriptor(iso(config.timeoutDuration()), config.cancelRunningFuture(),
                        config.mode().name().toLowerCase(Locale.ROOT)));
    }

    private static String iso(Duration duration) {
        return duration.toString();
    }

    private static List<String> classNames(List<Class<? extends Throwable>> types) {
        return types.stream().map(Class::getName).toList();
    }

    /** A predicate's class name (the user class behind a proxy), or {@code null} when there is none. */
    private static @Nullable String predicateName(@Nullable Object predicate) {
        return predicate == null ? null : org.springframework.util.ClassUtils.getUserClass(predicate).getName();
    }

    /**
     * Every instance, by pattern then name: {@code circuitBreakers}, {@code retries}, {@code bulkheads}
     * (semaphore), {@code threadPoolBulkheads}, {@code rateLimiters} (plain), {@code keyedRateLimiters},
     * {@code timeouts}. Each map is ordered by name; an empty pattern is an empty map.
     */
    public record ResilienceDescriptor(Map<String, CircuitBreakerDescriptor> circuitBreakers,
            Map<String, RetryDescriptor> retries, Map<String, BulkheadDescriptor> bulkheads,
            Map<String, ThreadPoolBulkheadDescriptor> threadPoolBulkheads,
            Map<String, RateLimiterDescriptor> rateLimiters,
            Map<String, KeyedRateLimiterDescriptor> keyedRateLimiters,
            Map<String, TimeoutDescriptor> timeouts) implements OperationResponseBody {
    }

    /** The entry of one instance, whatever its pattern. */
    public sealed interface InstanceDescriptor extends OperationResponseBody
            permits CircuitBreakerDescriptor, RetryDescriptor, BulkheadDescriptor, ThreadPoolBulkheadDescriptor,
            RateLimiterDescriptor, KeyedRateLimiterDescriptor, TimeoutDescriptor {
    }

    /**
     * A circuit breaker: its state (upper case, e.g. {@code OPEN}), its window's figures (see
     * {@link CircuitBreaker.Metrics}; rates in percent, -1 before {@code minimum-number-of-calls}), its key
     * settings and its last transitions, oldest first.
     */
    public record CircuitBreakerDescriptor(String state, float failureRate, float slowCallRate, int bufferedCalls,
            int failedCalls, int slowCalls, int slowFailedCalls, int successfulCalls, long notPermittedCalls,
            CircuitBreakerConfigDescriptor config, List<TransitionDescriptor> transitions,
            @Nullable CallsDescriptor calls, StoreDescriptor store)
            implements InstanceDescriptor {
    }

    /**
     * A circuit breaker's cumulative calls by outcome since its meters were bound, and the latency of its
     * successful calls in milliseconds ({@code max}, and {@code p50}, {@code p95}, ... where the application
     * publishes percentiles); from {@link CircuitBreakerCallStatistics}, so {@code null} on an entry when there
     * are none (no Micrometer).
     */
    public record CallsDescriptor(long successful, long failed, long ignored, long notPermitted,
            Map<String, Double> latencyMillis) {
    }

    /**
     * Where an instance keeps its state: {@code type} {@code memory}, {@code redis} or {@code jdbc};
     * {@code shared} with other application instances; {@code degraded} while the shared store is unreachable
     * and this instance runs on local state; {@code instanceId}, this application instance's id in the store
     * (empty for memory).
     */
    public record StoreDescriptor(String type, boolean shared, boolean degraded, String instanceId) {

        static StoreDescriptor of(StoreInfo info) {
            return new StoreDescriptor(info.type(), info.isShared(), info.isDegraded(), info.instanceId());
        }
    }

    /**
     * A circuit breaker's key settings; durations as ISO-8601 strings, the window type upper case.
     * {@code recordExceptions} and {@code ignoreExceptions} are class names (the ignore list includes the
     * inner rejections a breaker built from properties ignores); the three predicates are the class names of
     * {@code record-failure-predicate}, {@code ignore-exception-predicate} and {@code record-result-predicate},
     * {@code null} (left out of the JSON) when unset.
     */
    public record CircuitBreakerConfigDescriptor(String slidingWindowType, int slidingWindowSize,
            int minimumNumberOfCalls, float failureRateThreshold, float slowCallRateThreshold,
            String slowCallDurationThreshold, int permittedNumberOfCallsInHalfOpenState,
            String maxWaitDurationInHalfOpenState, String waitDurationInOpenState,
            boolean automaticTransitionFromOpenToHalfOpenEnabled, List<String> recordExceptions,
            List<String> ignoreExceptions, @Nullable String recordFailurePredicate,
            @Nullable String ignoreExceptionPredicate, @Nullable String recordResultPredicate) {
    }

    /**
     * One state transition of a circuit breaker.
     *
     * @param time ISO-8601 instant, by the breaker's clock
     * @param from the state left, upper case
     * @param to the state entered, upper case
     */
    public record TransitionDescriptor(String time, String from, String to) {

        static TransitionDescriptor of(CircuitBreakerTransitions.Transition transition) {
            return new TransitionDescriptor(transition.time().toString(), transition.from().name(),
                    transition.to().name());
        }
    }

    /** A retry: its counts of finished calls by outcome (see {@link Retry.Metrics}) and key settings. */
    public record RetryDescriptor(long successfulCallsWithoutRetry, long successfulCallsWithRetry,
            long failedCallsWithoutRetry, long failedCallsWithRetry, RetryConfigDescriptor config)
            implements InstanceDescriptor {
    }

    /**
     * A retry's key settings; durations as ISO-8601 strings, {@code exponentialMaxWaitDuration} {@code null}
     * when unbounded (the actuator's JSON leaves it out then).
     */
    public record RetryConfigDescriptor(int maxAttempts, String waitDuration, boolean exponentialBackoffEnabled,
            double exponentialBackoffMultiplier, @Nullable String exponentialMaxWaitDuration,
            boolean randomizedWaitEnabled, double randomizedWaitFactor) {
    }

    /**
     * A semaphore bulkhead ({@code type} {@value #TYPE}): free and total permits (so
     * {@code maxAllowedConcurrentCalls - availableConcurrentCalls} calls are running) and key settings.
     */
    public record BulkheadDescriptor(String type, int availableConcurrentCalls, int maxAllowedConcurrentCalls,
            BulkheadConfigDescriptor config) implements InstanceDescriptor {

        /** The {@code type} of a semaphore bulkhead. */
        public static final String TYPE = "semaphore";
    }

    /** A semaphore bulkhead's key settings; the wait as an ISO-8601 string. */
    public record BulkheadConfigDescriptor(int maxConcurrentCalls, String maxWaitDuration,
            boolean fairCallHandling) {
    }

    /**
     * A thread-pool bulkhead ({@code type} {@value #TYPE}): busy and current threads, queued tasks and free
     * queue places, and key settings.
     */
    public record ThreadPoolBulkheadDescriptor(String type, int activeThreadCount, int threadPoolSize,
            int queueDepth, int remainingQueueCapacity, ThreadPoolBulkheadConfigDescriptor config)
            implements InstanceDescriptor {

        /** The {@code type} of a thread-pool bulkhead. */
        public static final String TYPE = "thread-pool";
    }

    /** A thread-pool bulkhead's key settings; the keep-alive as an ISO-8601 string. */
    public record ThreadPoolBulkheadConfigDescriptor(int coreThreadPoolSize, int maxThreadPoolSize,
            int queueCapacity, String keepAliveDuration) {
    }

    /** A rate limiter: permits left in the current period, threads waiting for one, and key settings. */
    public record RateLimiterDescriptor(int availablePermissions, int numberOfWaitingThreads,
            RateLimiterConfigDescriptor config, StoreDescriptor store) implements InstanceDescriptor {
    }

    /**
     * A keyed rate limiter: how many keys it holds now (at most {@code maxKeys}) and the settings of every
     * key. Keys themselves are never shown: they are unbounded and may be personal data.
     */
    public record KeyedRateLimiterDescriptor(int keys, RateLimiterConfigDescriptor config, StoreDescriptor store)
            implements InstanceDescriptor {
    }

    /** A rate limiter's key settings; durations as ISO-8601 strings, {@code maxKeys} for keyed limiters. */
    public record RateLimiterConfigDescriptor(int limitForPeriod, String limitRefreshPeriod, String timeoutDuration,
            int maxKeys) {
    }

    /** A timeout: its settings (timeouts keep no figures of their own; see the metrics). */
    public record TimeoutDescriptor(TimeoutConfigDescriptor config) implements InstanceDescriptor {
    }

    /** A timeout's settings; the duration as an ISO-8601 string. */
    public record TimeoutConfigDescriptor(String timeoutDuration, boolean cancelRunningFuture, String mode) {
    }

    /**
     * The body of an error response of the web extension.
     *
     * @param status the HTTP status
     * @param error its reason phrase
     * @param message what was wrong, and what is allowed
     */
    public record ErrorDescriptor(int status, String error, String message) implements OperationResponseBody {
    }
}
