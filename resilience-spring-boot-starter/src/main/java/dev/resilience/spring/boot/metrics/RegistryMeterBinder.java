package dev.resilience.spring.boot.metrics;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.registry.Registry;
import dev.resilience.core.registry.RegistryListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds meters to every instance of one resilience registry and keeps them in step with it: the meters of
 * each instance that exists when {@link #bindTo} runs, and of each instance created later (on first use); an
 * instance's meters are removed when the instance is removed, and re-bound to the new instance when it is
 * replaced. This is the one mechanism behind every pattern's binder: an {@link InstanceMeterBinder} (a pattern
 * descriptor's {@code meterBinder()}) says which meters one instance has.
 *
 * <p>Meters are created once per instance, never per call. Per-call figures come from a typed listener that
 * {@link #bind} adds to the instance and that holds the meters in final fields, so a call costs one
 * {@code Counter.increment()} or {@code Timer.record(nanos, NANOSECONDS)}: no event object, no tag building,
 * no map look-up. Gauges read the instance's live figures when the meter registry is read.
 *
 * <p>Every meter is tagged {@code name} = the instance name, plus the tags {@link #tags} adds.
 *
 * <p>Thread-safe: instances may be created, replaced and removed concurrently with binding. {@link #bindTo} may
 * be called for several meter registries; each is followed on its own.
 *
 * @param <E> the instance type
 * @since 0.1.0
 */
public class RegistryMeterBinder<E extends PatternInstance<?, ?>> implements MeterBinder {

    private final Registry<? extends E, ?, ?> registry;
    private final InstanceMeterBinder<? super E> instanceMeters;
    private final Tags commonTags;
    private final Set<MeterRegistry> boundTo = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * A binder giving every instance of {@code registry} the meters of {@code instanceMeters}.
     *
     * @param registry the registry to follow
     * @param instanceMeters the meters of one instance
     * @throws NullPointerException when an argument is {@code null}
     */
    public RegistryMeterBinder(Registry<? extends E, ?, ?> registry, InstanceMeterBinder<? super E> instanceMeters) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.instanceMeters = Objects.requireNonNull(instanceMeters, "instanceMeters");
        this.commonTags = Tags.of(instanceMeters.tags());
    }

    /** The registry this binder follows. */
    public final Registry<? extends E, ?, ?> registry() {
        return registry;
    }

    /**
     * Binds the meters of every current instance and follows the registry from now on. The registry listener
     * stays registered for the life of the registry. Binding to the same meter registry again does nothing
     * (a second listener would count every call twice).
     */
    @Override
    public final void bindTo(MeterRegistry meterRegistry) {
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        synchronized (boundTo) {
            if (!boundTo.add(meterRegistry)) {
                return;
            }
        }
        Follower follower = new Follower(meterRegistry);
        // Listen first, then bind what exists: an instance created in between is bound once, by whichever
        // of the two gets there first (the follower binds each instance at most once).
        registry.addRegistryListener(follower);
        for (E instance : registry.all()) {
            follower.bind(instance);
        }
    }

    /** The tags of every meter of {@code instance}: {@code name} = its name, plus the binder's {@code tags()}. */
    private Tags tags(E instance) {
        return Tags.of("name", instance.name()).and(commonTags);
    }

    /** Follows one resilience registry on behalf of one meter registry. */
    private final class Follower implements RegistryListener<E> {

        private final MeterRegistry meterRegistry;
        private final ConcurrentMap<String, Bound<E>> bound = new ConcurrentHashMap<>();

        Follower(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
        }

        @Override
        public void onAdded(E instance) {
            bind(instance);
        }

        @Override
        public void onRemoved(E instance) {
            unbind(instance);
        }

        @Override
        public void onReplaced(E previous, E replacement) {
            unbind(previous);
            bind(replacement);
        }

        void bind(E instance) {
            String key = instance.name();
            bound.compute(key, (name, current) -> {
                if (current != null && current.instance() == instance) {
                    return current;
                }
                if (registry.find(name).orElse(null) != instance) {
                    // A late bind of an instance the registry no longer holds: leave its newer namesake's meters
                    // (or the absence of any) alone rather than replacing them with meters of a dead instance.
                    return current;
                }
                if (current != null) {
                    current.meters().unbind();
                }
                InstanceMeters meters = new InstanceMeters(meterRegistry, tags(instance));
                try {
                    instanceMeters.bind(instance, meters);
                } catch (RuntimeException | Error e) {
                    meters.unbind();
                    throw e;
                }
                return new Bound<>(instance, meters);
            });
            // The instance may have been removed between its creation (or the listing in bindTo) and now, and
            // that removal's notification found nothing to unbind. A registry removes an instance from its map
            // before it notifies, so either this check sees the removal or the notification comes after our
            // binding and unbinds it.
            if (registry.find(key).orElse(null) != instance) {
                unbind(instance);
            }
        }

        void unbind(E instance) {
            bound.computeIfPresent(instance.name(), (name, current) -> {
                if (current.instance() != instance) {
                    return current;
                }
                current.meters().unbind();
                return null;
            });
        }
    }

    private record Bound<E>(E instance, InstanceMeters meters) {
    }
}
