package dev.resilience.spring.boot.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of one pattern instance in one meter registry, registered through this object so that they can
 * all be removed together when the instance goes away. Each method registers one meter with the instance's
 * tags plus the given {@code key, value} pairs.
 *
 * <p>Gauges and function counters hold their instance strongly (Micrometer's default is a weak reference,
 * which would turn a gauge into {@code NaN} while the meter still exists); they are removed with the instance,
 * so nothing leaks.
 *
 * <p>Used by one {@link RegistryMeterBinder} while it binds one instance; not meant to be shared.
 *
 * @since 0.1.0
 */
public final class InstanceMeters {

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();
    private final List<Runnable> onUnbind = new ArrayList<>();
    private final List<Object> held = new ArrayList<>();

    InstanceMeters(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
    }

    /** The tags every meter of this instance carries. */
    public Tags tags() {
        return tags;
    }

    /** Registers a counter. */
    public Counter counter(String name, String description, String... tagKeysAndValues) {
        return add(Counter.builder(name).description(description).tags(tags).tags(tagKeysAndValues)
                .register(registry));
    }

    /** Registers a timer (no percentiles or histogram unless a {@code MeterFilter} configures them). */
    public Timer timer(String name, String description, String... tagKeysAndValues) {
        return add(Timer.builder(name).description(description).tags(tags).tags(tagKeysAndValues)
                .register(registry));
    }

    /** Registers a gauge that reads {@code function} of {@code object} whenever the meter registry is read. */
    public <T> Gauge gauge(String name, String description, T object, ToDoubleFunction<T> function,
            String... tagKeysAndValues) {
        return add(Gauge.builder(name, object, function).description(description).tags(tags).tags(tagKeysAndValues)
                .strongReference(true).register(registry));
    }

    /**
     * Registers a counter whose count is {@code function} of {@code object}, for counts the instance already
     * keeps (monotonic): nothing at all is added to the call path.
     */
    public <T> FunctionCounter functionCounter(String name, String description, T object,
            ToDoubleFunction<T> function, String... tagKeysAndValues) {
        // FunctionCounter holds its object weakly and has no strongReference option: hold it here, for as long as
        // the meter is bound.
        held.add(object);
        return add(FunctionCounter.builder(name, object, function).description(description).tags(tags)
                .tags(tagKeysAndValues).register(registry));
    }

    /**
     * Adds {@code listener}, the one feeding this instance's meters, to {@code instance}, and removes it when the
     * meters are removed.
     */
    public <L> void listen(dev.resilience.core.PatternInstance<?, L> instance, L listener) {
        instance.addListener(listener);
        onUnbind(() -> instance.removeListener(listener));
    }

    /** Runs {@code action} when the instance's meters are removed: typically removes the feeding listener. */
    public void onUnbind(Runnable action) {
        onUnbind.add(action);
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Removes the listener(s) first, so no callback touches a removed meter, then the meters. */
    void unbind() {
        for (Runnable action : onUnbind) {
            action.run();
        }
        for (Meter meter : meters) {
            registry.remove(meter);
        }
    }
}
