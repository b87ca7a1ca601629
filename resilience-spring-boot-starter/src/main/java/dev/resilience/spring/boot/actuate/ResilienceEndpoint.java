package dev.resilience.spring.boot.actuate;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.core.PatternInstance;
import dev.resilience.core.registry.Registry;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
import dev.resilience.store.StoreInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code resilience} actuator endpoint: every pattern instance with its live figures and key settings, and
 * manual circuit breaker transitions. The patterns are those of the {@link PatternDescriptor} beans with an
 * endpoint segment; each descriptor says where its instances appear and what their entry is, so a pattern
 * declared by a descriptor bean appears here with no code of the endpoint's.
 *
 * <ul>
 *   <li>{@code GET /actuator/resilience}: {@link ResilienceDescriptor}, instances by pattern and name;
 *   <li>{@code GET /actuator/resilience/{pattern}/{name}}: one instance; {@code pattern} is a descriptor's
 *       {@link PatternDescriptor#endpointSegment() endpointSegment()} ({@code circuit-breakers},
 *       {@code retries}, {@code bulkheads}, {@code thread-pool-bulkheads}, {@code rate-limiters},
 *       {@code keyed-rate-limiters}, {@code timeouts} for the built-in patterns); an unknown pattern or name
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

    /** Path segment of circuit breakers: the only pattern whose instances can be written (transitioned). */
    public static final String CIRCUIT_BREAKERS = "circuit-breakers";

    /** The states a breaker can be moved to, as the write operation accepts them. */
    public static final List<String> STATES = Arrays.stream(CircuitBreaker.State.values()).map(Enum::name).toList();

    /** The patterns shown, by path segment, in the order of {@link ResilienceDescriptor}. */
    private final Map<String, PatternDescriptor<?, ?>> bySegment;

    private final BeanFactory beans;

    /**
     * An endpoint over the patterns of {@code descriptors} that have an {@link PatternDescriptor#endpointSegment()
     * endpoint segment}; a pattern without a registry shows as no instances.
     *
     * @param beans where the descriptors look up what an entry shows besides the instance (a breaker's last
     *        transitions: a {@link CircuitBreakerTransitions} bean; its calls: a
     *        {@link CircuitBreakerCallStatistics} bean)
     */
    public ResilienceEndpoint(Collection<? extends PatternDescriptor<?, ?>> descriptors, BeanFactory beans) {
        this.beans = Objects.requireNonNull(beans, "beans");
        Map<String, PatternDescriptor<?, ?>> shown = new LinkedHashMap<>();
        descriptors.stream()
                .filter(descriptor -> descriptor.endpointSegment() != null && descriptor.endpointField() != null)
                .sorted(Comparator.<PatternDescriptor<?, ?>>comparingInt(PatternDescriptor::endpointPosition)
                        .thenComparing(descriptor -> String.valueOf(descriptor.endpointField())))
                .forEach(descriptor -> shown.putIfAbsent(descriptor.endpointSegment(), descriptor));
        this.bySegment = Collections.unmodifiableMap(shown);
    }

    /** The path segments of the patterns shown, in the order of {@link ResilienceDescriptor}. */
    public List<String> segments() {
        return List.copyOf(bySegment.keySet());
    }

    /** Every instance of every pattern, by pattern then name (names in alphabetical order). */
    @ReadOperation
    public ResilienceDescriptor resilience() {
        Map<String, Map<String, Object>> fields = new LinkedHashMap<>();
        for (PatternDescriptor<?, ?> descriptor : bySegment.values()) {
            fields.put(descriptor.endpointField(), describeAll(descriptor));
        }
        return new ResilienceDescriptor(fields);
    }

    /**
     * One instance, or {@code null} (a 404 on the web) when {@code pattern} is not one of {@link #segments()}
     * or it has no instance called {@code name}.
     */
    @ReadOperation
    public @Nullable Object instance(@Selector String pattern, @Selector String name) {
        PatternDescriptor<?, ?> descriptor = bySegment.get(pattern);
        return descriptor == null ? null : describe(descriptor, name);
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
    public @Nullable Object transition(@Selector String pattern, @Selector String name, @Nullable String state) {
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
    public @Nullable Object transition(String name, CircuitBreaker.State state) {
        PatternDescriptor<?, ?> breakers = bySegment.get(CIRCUIT_BREAKERS);
        Registry<?, ?, ?> registry = breakers == null ? null : breakers.registry();
        if (registry == null || !(registry.find(name).orElse(null) instanceof CircuitBreaker breaker)) {
            return null;
        }
        if (state == CircuitBreaker.State.CLOSED) {
            breaker.reset();
        } else {
            breaker.transitionTo(state);
        }
        return describe(breakers, name);
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

    /** Whether {@code pattern} is the segment of a pattern shown here. */
    boolean isShown(String pattern) {
        return bySegment.containsKey(pattern);
    }

    static String unknownState(@Nullable String state) {
        return (state == null ? "Missing 'state'" : "Unknown state '" + state + "'") + ": must be one of "
                + String.join(", ", STATES);
    }

    String notWritable(String pattern) {
        return isShown(pattern)
                ? "Only circuit breakers can be transitioned, not " + pattern + "; POST to "
                        + CIRCUIT_BREAKERS + "/{name}"
                : unknownPattern(pattern);
    }

    String unknownPattern(String pattern) {
        return "Unknown pattern '" + pattern + "': must be one of " + String.join(", ", bySegment.keySet());
    }

    static String unknownInstance(String pattern, String name) {
        return "No " + singular(pattern) + " named '" + name + "'";
    }

    private static String singular(String pattern) {
        String words = pattern.replace('-', ' ');
        return words.endsWith("ies") ? words.substring(0, words.length() - 3) + "y"
                : words.endsWith("s") ? words.substring(0, words.length() - 1) : words;
    }

    private <I extends PatternInstance<?, L>, L> @Nullable Object describe(PatternDescriptor<I, L> descriptor,
            String name) {
        Registry<? extends I, ?, L> registry = descriptor.registry();
        I instance = registry == null ? null : registry.find(name).orElse(null);
        return instance == null ? null : descriptor.describe(instance, beans);
    }

    private <I extends PatternInstance<?, L>, L> Map<String, Object> describeAll(PatternDescriptor<I, L> descriptor) {
        Registry<? extends I, ?, L> registry = descriptor.registry();
        if (registry == null) {
            return Map.of();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (I instance : registry.all()) {
            Object entry = descriptor.describe(instance, beans);
            if (entry != null) {
                result.put(instance.name(), entry);
            }
        }
        return Collections.unmodifiableMap(result);
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
     * Every instance, by pattern then name: a field per pattern ({@link PatternDescriptor#endpointField()}),
     * for the built-in ones {@code circuitBreakers}, {@code retries}, {@code bulkheads} (semaphore),
     * {@code threadPoolBulkheads}, {@code rateLimiters} (plain), {@code keyedRateLimiters}, {@code timeouts}
     * in that order, then those of other patterns. Each map is ordered by name; an empty pattern is an empty
     * map. Written as a JSON object of those fields; immutable.
     */
    public static final class ResilienceDescriptor extends AbstractMap<String, Map<String, Object>>
            implements OperationResponseBody {

        private final Map<String, Map<String, Object>> fields;

        ResilienceDescriptor(Map<String, Map<String, Object>> fields) {
            this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /**
         * The entries of the pattern whose field is {@code field} ({@code circuitBreakers}), by name, each of
         * type {@code type}; empty when there is no such pattern.
         *
         * @throws ClassCastException when an entry is not a {@code type}
         */
        public <D> Map<String, D> instances(String field, Class<D> type) {
            Map<String, D> typed = new LinkedHashMap<>();
            fields.getOrDefault(field, Map.of()).forEach((name, entry) -> typed.put(name, type.cast(entry)));
            return Collections.unmodifiableMap(typed);
        }

        @Override
        public Set<Entry<String, Map<String, Object>>> entrySet() {
            return fields.entrySet();
        }
    }

    /** The entry of one instance of a built-in pattern (another pattern's entry may be any object). */
    public interface InstanceDescriptor extends OperationResponseBody {
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

        /**
         * The entry of {@code breaker}, with its last transitions and cumulative calls from the
         * {@link CircuitBreakerTransitions} and {@link CircuitBreakerCallStatistics} beans of {@code beans}, when
         * there are such beans (none: no transitions, {@code calls} left out).
         */
        public static CircuitBreakerDescriptor of(CircuitBreaker breaker, BeanFactory beans) {
            return of(breaker, beans.getBeanProvider(CircuitBreakerTransitions.class).getIfUnique(),
                    beans.getBeanProvider(CircuitBreakerCallStatistics.class).getIfUnique());
        }

        /** The entry of {@code breaker}, with its last transitions and calls when these are given. */
        public static CircuitBreakerDescriptor of(CircuitBreaker breaker, @Nullable CircuitBreakerTransitions transitions,
                @Nullable CircuitBreakerCallStatistics callStatistics) {
            CircuitBreaker.Metrics metrics = breaker.metrics();
            CircuitBreakerConfig config = breaker.config();
            List<TransitionDescriptor> last = transitions == null ? List.of()
                    : transitions.of(breaker.name()).stream().map(TransitionDescriptor::of).toList();
            return new CircuitBreakerDescriptor(breaker.state().name(), metrics.failureRate(),
                    metrics.slowCallRate(), metrics.bufferedCalls(), metrics.failedCalls(), metrics.slowCalls(),
                    metrics.slowFailedCalls(), metrics.successfulCalls(), metrics.notPermittedCalls(),
                    new CircuitBreakerConfigDescriptor(config.slidingWindowType().name(), config.slidingWindowSize(),
                            config.minimumNumberOfCalls(), config.failureRateThreshold(),
                            config.slowCallRateThreshold(), iso(config.slowCallDurationThreshold()),
                            config.permittedNumberOfCallsInHalfOpenState(),
                            iso(config.maxWaitDurationInHalfOpenState()), iso(config.waitDurationInOpenState()),
                            config.automaticTransitionFromOpenToHalfOpenEnabled(),
                            classNames(config.recordExceptions()), classNames(config.ignoreExceptions()),
                            predicateName(config.recordExceptionPredicate()),
                            predicateName(config.ignoreExceptionPredicate()),
                            predicateName(config.recordResultPredicate())),
                    last, callStatistics == null ? null : callStatistics.calls(breaker.name()),
                    StoreDescriptor.of(breaker.storeInfo()));
        }
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

        /** The entry of {@code retry}. */
        public static RetryDescriptor of(Retry retry) {
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

        /** The entry of {@code bulkhead}. */
        public static BulkheadDescriptor of(Bulkhead bulkhead) {
            Bulkhead.Metrics metrics = bulkhead.metrics();
            BulkheadConfig config = bulkhead.config();
            return new BulkheadDescriptor(TYPE, metrics.availableConcurrentCalls(),
                    metrics.maxAllowedConcurrentCalls(), new BulkheadConfigDescriptor(config.maxConcurrentCalls(),
                            iso(config.maxWaitDuration()), config.fairCallHandling()));
        }

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

        /** The entry of {@code bulkhead}. */
        public static ThreadPoolBulkheadDescriptor of(ThreadPoolBulkhead bulkhead) {
            ThreadPoolBulkhead.Metrics metrics = bulkhead.metrics();
            ThreadPoolBulkheadConfig config = bulkhead.config();
            return new ThreadPoolBulkheadDescriptor(TYPE, metrics.activeThreadCount(), metrics.threadPoolSize(),
                    metrics.queueDepth(), metrics.remainingQueueCapacity(),
                    new ThreadPoolBulkheadConfigDescriptor(config.coreThreadPoolSize(), config.maxThreadPoolSize(),
                            config.queueCapacity(), iso(config.keepAliveDuration())));
        }

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

        /** The entry of {@code limiter}. */
        public static RateLimiterDescriptor of(RateLimiter limiter) {
            RateLimiter.Metrics metrics = limiter.metrics();
            return new RateLimiterDescriptor(metrics.availablePermissions(), metrics.numberOfWaitingThreads(),
                    RateLimiterConfigDescriptor.of(limiter.config()), StoreDescriptor.of(limiter.storeInfo()));
        }
    }

    /**
     * A keyed rate limiter: how many keys it holds now (at most {@code maxKeys}) and the settings of every
     * key. Keys themselves are never shown: they are unbounded and may be personal data.
     */
    public record KeyedRateLimiterDescriptor(int keys, RateLimiterConfigDescriptor config, StoreDescriptor store)
            implements InstanceDescriptor {

        /** The entry of {@code limiter}. */
        public static KeyedRateLimiterDescriptor of(KeyedRateLimiter limiter) {
            return new KeyedRateLimiterDescriptor(limiter.size(), RateLimiterConfigDescriptor.of(limiter.config()),
                    StoreDescriptor.of(limiter.storeInfo()));
        }
    }

    /** A rate limiter's key settings; durations as ISO-8601 strings, {@code maxKeys} for keyed limiters. */
    public record RateLimiterConfigDescriptor(int limitForPeriod, String limitRefreshPeriod, String timeoutDuration,
            int maxKeys) {

        static RateLimiterConfigDescriptor of(RateLimiterConfig config) {
            return new RateLimiterConfigDescriptor(config.limitForPeriod(), iso(config.limitRefreshPeriod()),
                    iso(config.timeoutDuration()), config.maxKeys());
        }
    }

    /** A timeout: its settings (timeouts keep no figures of their own; see the metrics). */
    public record TimeoutDescriptor(TimeoutConfigDescriptor config) implements InstanceDescriptor {

        /** The entry of {@code timeout}. */
        public static TimeoutDescriptor of(Timeout timeout) {
            TimeoutConfig config = timeout.config();
            return new TimeoutDescriptor(new TimeoutConfigDescriptor(iso(config.timeoutDuration()),
                    config.cancelRunningFuture(), config.mode().name().toLowerCase(Locale.ROOT)));
        }
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
