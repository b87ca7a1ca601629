package dev.resilience.spring.boot.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.registry.Registry;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The meters of every pattern: one {@link RegistryMeterBinder} per pattern descriptor that has a registry and a
 * {@link PatternDescriptor#meterBinder() meterBinder()}, so a pattern declared only by its descriptor bean gets
 * its meters too. A registry that another binder already follows (one the application declared, say its own
 * {@code CircuitBreakerMetrics} bean) is left to it: two binders would count every call twice.
 *
 * <p>Thread-safe; {@link #bindTo} may be called for several meter registries.
 *
 * @since 0.2.0
 */
public final class PatternMeterBinders implements MeterBinder {

    private final List<RegistryMeterBinder<?>> binders;

    /**
     * @param descriptors the patterns
     * @param followedElsewhere binders already bound by other means, whose registries are skipped
     */
    public PatternMeterBinders(Collection<? extends PatternDescriptor<?, ?>> descriptors,
            Collection<? extends RegistryMeterBinder<?>> followedElsewhere) {
        Set<Registry<?, ?, ?>> followed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (RegistryMeterBinder<?> binder : followedElsewhere) {
            followed.add(binder.registry());
        }
        List<RegistryMeterBinder<?>> created = new ArrayList<>();
        for (PatternDescriptor<?, ?> descriptor : descriptors) {
            RegistryMeterBinder<?> binder = binderOf(descriptor);
            if (binder != null && followed.add(binder.registry())) {
                created.add(binder);
            }
        }
        this.binders = List.copyOf(created);
    }

    /** The binders, one per pattern registry followed here. */
    public List<RegistryMeterBinder<?>> binders() {
        return binders;
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        for (RegistryMeterBinder<?> binder : binders) {
            binder.bindTo(meterRegistry);
        }
    }

    private static <I extends PatternInstance<?, L>, L> @Nullable RegistryMeterBinder<I> binderOf(
            PatternDescriptor<I, L> descriptor) {
        Registry<? extends I, ?, L> registry = descriptor.registry();
        InstanceMeterBinder<I> meters = descriptor.meterBinder();
        return registry == null || meters == null ? null : new RegistryMeterBinder<>(registry, meters);
    }
}
