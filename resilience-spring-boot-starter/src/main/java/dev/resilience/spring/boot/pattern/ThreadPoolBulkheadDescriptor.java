package dev.resilience.spring.boot.pattern;

import dev.resilience.core.AsyncPolicy;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import dev.resilience.core.Policy;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.bulkhead.ThreadPoolBulkheadListener;
import dev.resilience.bulkhead.ThreadPoolBulkheadRegistry;
import dev.resilience.spring.boot.autoconfigure.ResilienceProperties;
import dev.resilience.spring.boot.autoconfigure.internal.Level;
import dev.resilience.spring.boot.autoconfigure.internal.PatternMapping;
import dev.resilience.spring.boot.autoconfigure.properties.ThreadPoolBulkheadProperties;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.PropertyMapper;

/**
 * The thread-pool bulkheads: {@code @Bulkhead(name, type = THREAD_POOL)} on a method returning a {@code CompletionStage}, {@code resilience.thread-pool-bulkhead}, the {@code ThreadPoolBulkheadRegistry} bean, {@code /actuator/resilience/thread-pool-bulkheads}. It takes the place of {@code bulkhead} in the order.
 *
 * @since 0.2.0
 */
public final class ThreadPoolBulkheadDescriptor extends NamedInstanceDescriptor<dev.resilience.annotation.Bulkhead, ThreadPoolBulkhead, ThreadPoolBulkheadListener> {

    /** The pattern key, {@value}. */
    public static final String KEY = "thread-pool-bulkhead";

    /** The default place in the order of composition: {@value}. */
    public static final int POSITION = BulkheadDescriptor.POSITION;

    /** How {@code resilience.thread-pool-bulkhead} becomes ThreadPoolBulkhead configurations, from {@code ResilienceProperties}. */
    public static final PatternConfiguration<ThreadPoolBulkheadConfig, ThreadPoolBulkheadConfig.Builder, ThreadPoolBulkheadProperties>
            CONFIGURATION = PatternConfiguration.builtIn(new PatternMapping<>(KEY,
                    ThreadPoolBulkheadProperties::new, ThreadPoolBulkheadConfig::ofDefaults, ThreadPoolBulkheadConfig::from, ThreadPoolBulkheadConfig.Builder::build,
                    ThreadPoolBulkheadDescriptor::map), ThreadPoolBulkheadProperties.class,
                    ResilienceProperties::getThreadPoolBulkhead);

    private static final Map<String, String> UNKNOWN_KEY_ADVICE = Map.ofEntries(
            Map.entry("writable-stack-trace-enabled", "not a YAML key here; set it in Java with a ThreadPoolBulkheadConfigCustomizer bean, for"
                    + " example ThreadPoolBulkheadConfigCustomizer.of(\"name\", builder ->"
                    + " builder.writableStackTraceEnabled(true))"),
            Map.entry("context-propagators", "not needed here: with io.micrometer:context-propagation on the classpath the caller's"
                    + " context (MDC, security, tracing) reaches the pool's threads"));

    /** @param beanFactory where the {@code ThreadPoolBulkheadRegistry} bean is looked up, when first needed */
    public ThreadPoolBulkheadDescriptor(BeanFactory beanFactory) {
        super(new Spec<>(KEY, POSITION, dev.resilience.annotation.Bulkhead.class, dev.resilience.annotation.Bulkhead::name,
                ThreadPoolBulkhead.class, ThreadPoolBulkheadListener.class, ThreadPoolBulkheadRegistry.class, ThreadPoolBulkheadListener::events, CONFIGURATION, "thread-pool-bulkheads",
                UNKNOWN_KEY_ADVICE), beanFactory);
    }

    /** Takes the place of {@code bulkhead} in {@code resilience.aspect-order}. */
    @Override
    public String orderKey() {
        return BulkheadDescriptor.KEY;
    }

    /** A {@code @Bulkhead(type = THREAD_POOL)}. */
    @Override
    protected boolean selects(dev.resilience.annotation.Bulkhead annotation) {
        return annotation.type() == dev.resilience.annotation.Bulkhead.Type.THREAD_POOL;
    }

    /** The pool runs the call on its own thread, so only a method returning a stage can use it. */
    @Override
    protected @Nullable AsyncPolicy layer(dev.resilience.annotation.Bulkhead annotation, String name,
            AnnotatedMethod method) {
        if (!CompletionStage.class.isAssignableFrom(method.method().getReturnType())) {
            method.problem("@Bulkhead(type = THREAD_POOL) requires a CompletionStage or CompletableFuture return"
                    + " type, but the method returns " + method.method().getReturnType().getName());
            return null;
        }
        return super.layer(annotation, name, method);
    }

    /** Applies one level's non-null settings (unset ones are inherited from the parent level). */
    private static void map(ThreadPoolBulkheadProperties settings,
            ThreadPoolBulkheadConfig.Builder builder,
            Level<ThreadPoolBulkheadProperties, ThreadPoolBulkheadConfig> level) {
        PropertyMapper map = PropertyMapper.get();
        map.from(settings::getCoreThreadPoolSize).to(builder::coreThreadPoolSize);
        map.from(settings::getMaxThreadPoolSize).to(builder::maxThreadPoolSize);
        map.from(settings::getQueueCapacity).to(builder::queueCapacity);
        map.from(settings::getKeepAliveDuration).to(builder::keepAliveDuration);
        map.from(settings::getWritableStackTraceEnabled).to(builder::writableStackTraceEnabled);
    }

    // ----------------------------------------------------------------------- observability facets (observability)

    @Override
    public int endpointPosition() {
        return 40;
    }

    @Override
    public Object describe(dev.resilience.bulkhead.ThreadPoolBulkhead instance) {
        return dev.resilience.spring.boot.actuate.ResilienceEndpoint.ThreadPoolBulkheadDescriptor.of(instance);
    }

    @Override
    public dev.resilience.spring.boot.metrics.InstanceMeterBinder<dev.resilience.bulkhead.ThreadPoolBulkhead> meterBinder() {
        return dev.resilience.spring.boot.metrics.ThreadPoolBulkheadMetrics.INSTANCE_METERS;
    }

    @Override
    public String loggerName() {
        return dev.resilience.spring.boot.logging.ResilienceLogging.BULKHEAD_LOGGER;
    }

    @Override
    public ThreadPoolBulkheadListener logListener(org.apache.commons.logging.Log log) {
        return new dev.resilience.spring.boot.logging.BulkheadLogger(log);
    }
}
