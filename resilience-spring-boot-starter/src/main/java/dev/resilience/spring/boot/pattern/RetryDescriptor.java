package dev.resilience.spring.boot.pattern;

import dev.resilience.core.Pipeline;
import java.util.Map;

import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.retry.RetryListener;
import dev.resilience.retry.RetryRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.internal.Level;
import dev.resilience.spring.boot.autoconfigure.internal.PatternMapping;
import dev.resilience.spring.boot.autoconfigure.properties.RetryProperties;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.PropertyMapper;

/**
 * The retries: {@code @Retry(name)}, {@code resilience.retry}, the {@code RetryRegistry} bean, {@code /actuator/resilience/retries}. A retry runs the rest of the pipeline again for each attempt.
 *
 * @since 0.2.0
 */
public final class RetryDescriptor extends NamedInstanceDescriptor<dev.resilience.annotation.Retry, Retry, RetryListener> {

    /** The pattern key, {@value}. */
    public static final String KEY = "retry";

    /** The default place in the order of composition: {@value}. */
    public static final int POSITION = Pipeline.defaultPosition(KEY);

    /** How {@code resilience.retry} becomes Retry configurations, from {@code ResilienceProperties}. */
    public static final PatternConfiguration<RetryConfig, RetryConfig.Builder, RetryProperties>
            CONFIGURATION = PatternConfiguration.builtIn(new PatternMapping<>(KEY,
                    RetryProperties::new, RetryConfig::ofDefaults, RetryConfig::from, RetryConfig.Builder::build,
                    RetryDescriptor::map), RetryProperties.class,
                    ResilienceProperties::getRetry);

    private static final Map<String, String> UNKNOWN_KEY_ADVICE = Map.ofEntries(
            Map.entry("max-retry-attempts", "resilience4j's old name of 'max-attempts' (the first call included, default 3); rename"
                    + " it"),
            Map.entry("fail-after-max-attempts", "not available here: once the attempts are used up the retry returns the last result"
                    + " (when a 'result-predicate' still rejected it) or rethrows the last failure unchanged;"
                    + " there is no MaxRetriesExceededException. Check the result after the call, or let a"
                    + " circuit breaker count it with 'record-result-predicate'"),
            Map.entry("interval-function", "not a YAML key here; set it in Java with a RetryConfigCustomizer bean, for example"
                    + " RetryConfigCustomizer.of(\"name\", builder -> builder.intervalFunction(...))"),
            Map.entry("interval-bi-function", "not a YAML key here; set it in Java with a RetryConfigCustomizer bean, for example"
                    + " RetryConfigCustomizer.of(\"name\", builder -> builder.intervalFunction(...))"),
            Map.entry("consume-result-before-retry-attempt", "not available here: a result that is retried is dropped; observe it in the"
                    + " 'result-predicate'"));

    /** @param beanFactory where the {@code RetryRegistry} bean is looked up, when first needed */
    public RetryDescriptor(BeanFactory beanFactory) {
        super(new Spec<>(KEY, POSITION, dev.resilience.annotation.Retry.class, dev.resilience.annotation.Retry::name,
                Retry.class, RetryListener.class, RetryRegistry.class, RetryListener::events, CONFIGURATION, "retries",
                UNKNOWN_KEY_ADVICE), beanFactory);
    }

    /** Each attempt runs the rest of the pipeline again. */
    @Override
    public boolean repeatsCalls() {
        return true;
    }

    /** Applies one level's non-null settings (unset ones are inherited from the parent level). */
    private static void map(RetryProperties settings, RetryConfig.Builder builder,
            Level<RetryProperties, RetryConfig> level) {
        PropertyMapper map = PropertyMapper.get();
        map.from(settings::getMaxAttempts).to(builder::maxAttempts);
        map.from(settings::getWaitDuration).to(builder::waitDuration);
        map.from(settings::getEnableExponentialBackoff).to(builder::enableExponentialBackoff);
        map.from(settings::getExponentialBackoffMultiplier).to(builder::exponentialBackoffMultiplier);
        map.from(settings::getExponentialMaxWaitDuration).to(builder::exponentialMaxWaitDuration);
        map.from(settings::getEnableRandomizedWait).to(builder::enableRandomizedWait);
        map.from(settings::getRandomizedWaitFactor).to(builder::randomizedWaitFactor);
        map.from(settings::getRetryExceptions)
                .to(names -> builder.retryExceptions(level.exceptionClasses("retry-exceptions", names)));
        map.from(settings::getIgnoreExceptions)
                .to(names -> builder.ignoreExceptions(level.exceptionClasses("ignore-exceptions", names)));
        map.from(settings::getRetryExceptionPredicate)
                .to(name -> builder.retryOnException(level.exceptionPredicate("retry-exception-predicate", name)));
        map.from(settings::getResultPredicate)
                .to(name -> builder.retryOnResult(level.resultPredicate("result-predicate", name)));
    }

    // ----------------------------------------------------------------------- observability facets (observability)

    @Override
    public int endpointPosition() {
        return 20;
    }

    @Override
    public Object describe(dev.resilience.retry.Retry instance) {
        return dev.resilience.spring.boot.actuate.ResilienceEndpoint.RetryDescriptor.of(instance);
    }

    @Override
    public dev.resilience.spring.boot.metrics.InstanceMeterBinder<dev.resilience.retry.Retry> meterBinder() {
        return dev.resilience.spring.boot.metrics.RetryMetrics.INSTANCE_METERS;
    }

    @Override
    public RetryListener logListener(org.apache.commons.logging.Log log) {
        return new dev.resilience.spring.boot.logging.RetryLogger(log);
    }
}
