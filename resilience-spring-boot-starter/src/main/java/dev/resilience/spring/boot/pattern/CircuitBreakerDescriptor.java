package dev.resilience.spring.boot.pattern;

import dev.resilience.core.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.circuitbreaker.spi.CircuitBreakerStore;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.internal.Level;
import dev.resilience.spring.boot.autoconfigure.internal.PatternMapping;
import dev.resilience.spring.boot.autoconfigure.properties.CircuitBreakerProperties;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.PropertyMapper;

/**
 * The circuit breakers: {@code @CircuitBreaker(name)}, {@code resilience.circuit-breaker}, the {@code CircuitBreakerRegistry} bean, {@code /actuator/resilience/circuit-breakers}.
 *
 * @since 0.2.0
 */
public final class CircuitBreakerDescriptor extends NamedInstanceDescriptor<dev.resilience.annotation.CircuitBreaker, CircuitBreaker, CircuitBreakerListener> {

    /** The pattern key, {@value}. */
    public static final String KEY = "circuit-breaker";

    /**
     * Rejections by inner patterns that a circuit breaker built from properties ignores unless
     * {@code ignore-inner-rejections} is false: they are this application protecting itself, not the
     * downstream failing. {@code TimeoutExceededException} is deliberately absent: a slow downstream is a
     * failing one.
     */
    public static final List<Class<? extends Throwable>> INNER_REJECTIONS =
            List.of(BulkheadFullException.class, RateLimitExceededException.class, CallNotPermittedException.class);

    /** The default place in the order of composition: {@value}. */
    public static final int POSITION = Pipeline.defaultPosition(KEY);

    /** How {@code resilience.circuit-breaker} becomes CircuitBreaker configurations, from {@code ResilienceProperties}. */
    public static final PatternConfiguration<CircuitBreakerConfig, CircuitBreakerConfig.Builder, CircuitBreakerProperties>
            CONFIGURATION = PatternConfiguration.builtIn(new PatternMapping<>(KEY,
                    CircuitBreakerProperties::new, CircuitBreakerConfig::ofDefaults, CircuitBreakerConfig::from, CircuitBreakerConfig.Builder::build,
                    CircuitBreakerDescriptor::map), CircuitBreakerProperties.class,
                    ResilienceProperties::getCircuitBreaker);

    private static final String FIXED_WAIT = "not available here: the wait in the open state is fixed, 'wait-duration-in-open-state'";

    private static final Map<String, String> UNKNOWN_KEY_ADVICE = Map.ofEntries(
            Map.entry("ring-buffer-size-in-closed-state", "resilience4j's old name; use 'sliding-window-size' (and 'minimum-number-of-calls')"),
            Map.entry("ring-buffer-size-in-half-open-state", "resilience4j's old name; use 'permitted-number-of-calls-in-half-open-state'"),
            Map.entry("initial-state", "not a YAML key here; move a breaker with POST"
                    + " /actuator/resilience/circuit-breakers/{name} or CircuitBreaker#transitionTo"),
            Map.entry("enable-exponential-backoff", FIXED_WAIT),
            Map.entry("exponential-backoff-multiplier", FIXED_WAIT),
            Map.entry("exponential-max-wait-duration-in-open-state", FIXED_WAIT),
            Map.entry("enable-randomized-wait", FIXED_WAIT),
            Map.entry("randomized-wait-factor", FIXED_WAIT),
            Map.entry("wait-interval-function-in-open-state", FIXED_WAIT),
            Map.entry("ignore-class-binding-exceptions", "not available here: a class in 'record-exceptions' or 'ignore-exceptions' that does not"
                    + " exist always stops the start"),
            Map.entry("writable-stack-trace-enabled", "not a YAML key here; set it in Java with a CircuitBreakerConfigCustomizer bean, for"
                    + " example CircuitBreakerConfigCustomizer.of(\"name\", builder ->"
                    + " builder.writableStackTraceEnabled(true)); rejections carry no stack trace by default,"
                    + " as they are thrown in bulk under load"));

    /** @param beanFactory where the {@code CircuitBreakerRegistry} bean is looked up, when first needed */
    public CircuitBreakerDescriptor(BeanFactory beanFactory) {
        super(new Spec<>(KEY, POSITION, dev.resilience.annotation.CircuitBreaker.class, dev.resilience.annotation.CircuitBreaker::name,
                CircuitBreaker.class, CircuitBreakerListener.class, CircuitBreakerRegistry.class, CircuitBreakerListener::events, CONFIGURATION, "circuit-breakers",
                UNKNOWN_KEY_ADVICE), beanFactory);
    }

    /** Applies one level's non-null settings (unset ones are inherited from the parent level). */
    private static void map(CircuitBreakerProperties settings, CircuitBreakerConfig.Builder builder,
            Level<CircuitBreakerProperties, CircuitBreakerConfig> level) {
        PropertyMapper map = PropertyMapper.get();
        map.from(settings::getSlidingWindowType).to(builder::slidingWindowType);
        map.from(settings::getSlidingWindowSize).to(builder::slidingWindowSize);
        map.from(settings::getMinimumNumberOfCalls).to(builder::minimumNumberOfCalls);
        map.from(settings::getFailureRateThreshold).to(builder::failureRateThreshold);
        map.from(settings::getSlowCallRateThreshold).to(builder::slowCallRateThreshold);
        map.from(settings::getSlowCallDurationThreshold).to(builder::slowCallDurationThreshold);
        map.from(settings::getPermittedNumberOfCallsInHalfOpenState).to(builder::permittedNumberOfCallsInHalfOpenState);
        map.from(settings::getMaxWaitDurationInHalfOpenState).to(builder::maxWaitDurationInHalfOpenState);
        map.from(settings::getWaitDurationInOpenState).to(builder::waitDurationInOpenState);
        map.from(settings::getAutomaticTransitionFromOpenToHalfOpenEnabled)
                .to(builder::automaticTransitionFromOpenToHalfOpenEnabled);
        map.from(settings::getWritableStackTraceEnabled).to(builder::writableStackTraceEnabled);
        map.from(settings::getRecordExceptions)
                .to(names -> builder.recordExceptions(level.exceptionClasses("record-exceptions", names)));
        builder.ignoreExceptions(ignoredByBreaker(settings, level));
        map.from(settings::getRecordFailurePredicate)
                .to(name -> builder.recordException(level.exceptionPredicate("record-failure-predicate", name)));
        map.from(settings::getIgnoreExceptionPredicate)
                .to(name -> builder.ignoreException(level.exceptionPredicate("ignore-exception-predicate", name)));
        map.from(settings::getRecordResultPredicate)
                .to(name -> builder.recordResult(level.resultPredicate("record-result-predicate", name)));
        map.from(settings::getStore).to(store -> builder.storeFactory(store == CircuitBreakerProperties.Store.MEMORY
                ? CircuitBreakerStore.inMemory() : level.stores().require(store.name()).circuitBreakerStores()));
    }

    /**
     * The breaker's ignore list: its own {@code ignore-exceptions} (or the parent's list), plus the inner
     * rejections when {@code ignore-inner-rejections} (inherited, default true) holds.
     */
    private static List<Class<? extends Throwable>> ignoredByBreaker(CircuitBreakerProperties settings,
            Level<CircuitBreakerProperties, CircuitBreakerConfig> level) {
        List<Class<? extends Throwable>> ignored = new ArrayList<>();
        if (settings.getIgnoreExceptions() != null) {
            ignored.addAll(level.exceptionClasses("ignore-exceptions", settings.getIgnoreExceptions()));
        } else {
            // The parent's list holds the inner rejections when the parent ignores them: take them out, so
            // that an ignore-inner-rejections: false on this level removes them.
            level.parent().ignoreExceptions().stream().filter(type -> !INNER_REJECTIONS.contains(type))
                    .forEach(ignored::add);
        }
        Boolean ignoreInner = level.inherited(CircuitBreakerProperties::getIgnoreInnerRejections);
        if (ignoreInner == null || ignoreInner) {
            INNER_REJECTIONS.stream().filter(type -> !ignored.contains(type)).forEach(ignored::add);
        }
        return ignored;
    }

    // ----------------------------------------------------------------------- observability facets (observability)

    @Override
    public int endpointPosition() {
        return 10;
    }

    @Override
    public Object describe(dev.resilience.circuitbreaker.CircuitBreaker instance) {
        return dev.resilience.spring.boot.actuate.ResilienceEndpoint.CircuitBreakerDescriptor.of(instance, null, null);
    }

    @Override
    public dev.resilience.spring.boot.metrics.InstanceMeterBinder<dev.resilience.circuitbreaker.CircuitBreaker> meterBinder() {
        return dev.resilience.spring.boot.metrics.CircuitBreakerMetrics.INSTANCE_METERS;
    }

    @Override
    public CircuitBreakerListener logListener(org.apache.commons.logging.Log log) {
        return new dev.resilience.spring.boot.logging.CircuitBreakerLogger(log);
    }

    /** With the breaker's last transitions and cumulative calls, when the endpoint's beans keep them. */
    @Override
    public Object describe(dev.resilience.circuitbreaker.CircuitBreaker instance, org.springframework.beans.factory.BeanFactory beans) {
        return dev.resilience.spring.boot.actuate.ResilienceEndpoint.CircuitBreakerDescriptor.of(instance, beans);
    }

    /** The {@code resilience} contributor, by {@code register-health-indicator} (default true). */
    @Override
    public dev.resilience.spring.boot.actuate.PatternHealth<dev.resilience.circuitbreaker.CircuitBreaker> health(
            org.springframework.beans.factory.BeanFactory beans) {
        return dev.resilience.spring.boot.actuate.CircuitBreakersHealthContributor.health(
                beans.getBeanProvider(dev.resilience.spring.boot.actuate.CircuitBreakerHealthSettings.class)
                        .getIfAvailable(dev.resilience.spring.boot.actuate.CircuitBreakerHealthSettings::ofDefaults));
    }
}
